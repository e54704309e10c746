package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup --files-from, --files-from-verbatim and --files-from-raw read their targets as stock restic does: the
 * same lists give snapshots of the same paths holding the same files.
 */
class FilesFromTest {
    private static final String PASSWORD = "files-from";

    @TempDir
    Path tmp;
    Path src;

    @BeforeEach
    void tree() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectory(src.resolve("sub"));
        for (String name : List.of("a.txt", "b.txt", ".hidden.txt", "c.log", "  spaced", "#not-a-comment", "sub/d.txt")) {
            Fixtures.writeFile(src.resolve(name), Fixtures.utf8(name));
        }
    }

    private Path list(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static List<String> paths(CommandResult snapshotsJson) {
        Map<?, ?> snapshot = (Map<?, ?>) Json.array(snapshotsJson.out()).getFirst();
        List<String> paths = new ArrayList<>();
        for (Object p : (List<?>) snapshot.get("paths")) paths.add((String) p);
        return paths;
    }

    @Test
    void theSameListsGiveTheSameSnapshotAsRestic() throws IOException {
        Restic.assumeInstalled();
        Path patterns = list("patterns", "# a comment\n\n   " + src + "/*.txt  \n" + src + "/sub\r\n"
                + src + "/nothing-*.x\n" + src + "/#not-a-comment");
        Path verbatim = list("verbatim", src + "/  spaced\n\n");
        Path raw = list("raw", src + "/c.log\0");
        String[] args = {"backup", "--files-from", patterns.toString(), "--files-from-verbatim", verbatim.toString(),
                "--files-from-raw", raw.toString()};

        Restic restic = new Restic(tmp.resolve("repo-restic"), PASSWORD);
        restic.run("init").ok();
        CommandResult theirs = restic.run(args).ok();
        Jrestic jrestic = new Jrestic(tmp.resolve("repo-jrestic"), PASSWORD);
        jrestic.run("init").ok();
        CommandResult ours = jrestic.run(args).ok();

        String warning = "pattern \"" + src + "/nothing-*.x\" does not match any files, skipping";
        assertTrue(theirs.errLines().contains(warning), theirs::describe);
        assertTrue(ours.errLines().contains(warning), ours::describe);
        assertEquals(paths(restic.run("snapshots", "--json").ok()), paths(jrestic.run("snapshots", "--json").ok()));
        assertEquals(restic.listingOfLatest(), new Restic(jrestic.repository(), PASSWORD).listingOfLatest());
        assertEquals(List.of(src + "/  spaced", src + "/#not-a-comment", src + "/.hidden.txt", src + "/a.txt",
                src + "/b.txt", src + "/c.log", src + "/sub"), paths(jrestic.run("snapshots", "--json").ok()).stream().sorted().toList());
    }

    @Test
    void aListOnStandardInputIsReadAndItsPasswordMustComeFromElsewhere() {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        byte[] list = (src + "/a.txt\0" + src + "/sub\0").getBytes(StandardCharsets.UTF_8);
        jrestic.runWithStdin(list, "backup", "--files-from-raw", "-").ok();
        assertEquals(List.of(src + "/a.txt", src + "/sub"), paths(jrestic.run("snapshots", "--json").ok()));

        // as restic, refused before the list is read: no warning about its lines comes first
        byte[] unmatched = (src + "/nothing-*\n").getBytes(StandardCharsets.UTF_8);
        CommandResult noPassword = jrestic.runWithoutPassword(unmatched, "backup", "--files-from", "-");
        assertEquals(List.of("Fatal: unable to read password from stdin when data is to be read from stdin, use --password-file or $RESTIC_PASSWORD"),
                noPassword.errLines());
    }

    @Test
    void malformedListsAreOneFatalLine() throws IOException {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        Map<String, List<String>> cases = Map.of(
                "--files-from-raw: trailing zero byte missing", List.of("--files-from-raw", list("r1", src + "/a.txt").toString()),
                "--files-from-raw: empty filename in listing", List.of("--files-from-raw", list("r2", src + "/a.txt\0\0").toString()),
                "pattern: " + src + "/[: syntax error in pattern", List.of("--files-from", list("p", src + "/[\n").toString()),
                "--stdin and --files-from cannot be used together", List.of("--stdin", "--files-from", "x"),
                "nothing to backup, please specify target files/dirs", List.of("--files-from", list("empty", "# none\n").toString()));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("backup"));
            args.addAll(c.getValue());
            CommandResult r = jrestic.run(args.toArray(String[]::new));
            assertEquals(1, r.exitCode(), r::describe);
            assertEquals(List.of("Fatal: " + c.getKey()), r.errLines(), r::describe);
        }
        assertEquals(List.of(), Json.array(jrestic.run("snapshots", "--json").ok().out()));
    }
}

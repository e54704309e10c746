package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A repository written by stock restic reads the same through jrestic: listings, objects, restores, dumps. */
class ResticRepositoryReadByJresticTest {
    private static final String PASSWORD = "restic-made";

    @TempDir
    static Path dir;
    static Path src;
    static Restic restic;
    static Jrestic jrestic;

    @TempDir
    Path tmp;

    @BeforeAll
    static void backUpWithRestic() throws IOException {
        Restic.assumeInstalled();
        src = Files.createDirectory(dir.resolve("src"));
        Fixtures.fullTree(src);
        restic = new Restic(dir.resolve("repo"), PASSWORD);
        jrestic = new Jrestic(restic.repository(), PASSWORD);
        restic.run("init").ok();
        String hint = FastKey.add(restic.repository(), PASSWORD);
        restic = restic.withKeyHint(hint);
        jrestic = jrestic.withKeyHint(hint);
        restic.run("backup", "--tag", "two-paths", src + "/sub", src + "/sticky").ok();
        restic.run("backup", "--tag", "first", src.toString()).ok();
        Fixtures.writeFile(src.resolve("changed"), Fixtures.randomBytes(99, 100_000));
        restic.run("backup", "--tag", "second,extra", "--host", "elsewhere", src.toString()).ok();
    }

    @ParameterizedTest(name = "snapshots {0}")
    @ValueSource(strings = {"--json --tag first", "--json --tag second", "--json --host elsewhere --latest 1", "--json latest",
            "--json --path /does/not/exist"})
    void snapshotsJsonHasResticsIdsAndFields(String flags) {
        String[] args = ("snapshots " + flags).split(" ");
        CommandResult theirs = restic.run(args).ok();
        CommandResult ours = jrestic.run(args).ok();
        assertEquals(Json.parse(theirs.out()), Json.parse(ours.out()), ours::describe);
    }

    /**
     * restic 0.14's snapshots and ls take a name that matches no snapshot as a warning, with exit 0: a script that
     * lists what it finds does not fail on a pruned ID.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"snapshots --json ffffffff", "snapshots --json ffffffff latest", "ls ffffffff",
            "ls --json ffffffff", "ls --host nowhere latest", "snapshots --tag no,such --tag tags latest"})
    void aNameMatchingNoSnapshotIsAWarningAsInRestic(String command) {
        String[] args = command.split(" ");
        CommandResult theirs = restic.run(args);
        CommandResult ours = jrestic.run(args);
        assertEquals(0, theirs.exitCode(), theirs::describe);
        assertEquals(0, ours.exitCode(), ours::describe);
        assertEquals(theirs.errLines(), ours.errLines());
        if (command.contains("--json") && !theirs.out().isEmpty()) {
            assertEquals(Json.parse(theirs.out()), Json.parse(ours.out()), ours::describe);
        } else {
            assertEquals(theirs.out(), ours.out(), ours::describe);
        }
    }

    @Test
    void snapshotsJsonSortsPathsAsRestic() {
        for (String flags : List.of("--json", "--json --tag two-paths")) {
            String[] args = ("snapshots " + flags).split(" ");
            assertEquals(Json.parse(restic.run(args).ok().out()), Json.parse(jrestic.run(args).ok().out()));
        }
    }

    @Test
    void snapshotsTableMatchesRestic() {
        assertEquals(restic.run("snapshots").ok().out(), jrestic.run("snapshots").ok().out());
    }

    @ParameterizedTest(name = "list {0}")
    @ValueSource(strings = {"snapshots", "index", "packs", "keys", "blobs"})
    void listNamesTheSameObjects(String type) {
        assertEquals(sortedLines(restic.run("list", type).ok()), sortedLines(jrestic.run("list", type).ok()));
    }

    @Test
    void catPrintsTheSameObjects() {
        List<String> objects = new ArrayList<>(List.of("config"));
        for (String id : restic.run("list", "snapshots").ok().outLines()) objects.add("snapshot " + id);
        for (String id : restic.run("list", "keys").ok().outLines()) objects.add("key " + id);
        for (String id : restic.run("list", "packs").ok().outLines().subList(0, 2)) objects.add("pack " + id);
        List<String> blobs = restic.run("list", "blobs").ok().outLines();
        for (String line : blobs.subList(0, Math.min(blobs.size(), 6))) objects.add("blob " + line.split(" ")[1]);
        for (String object : objects) {
            String[] args = ("cat " + object).split(" ");
            CommandResult theirs = restic.run(args).ok();
            CommandResult ours = jrestic.run(args);
            assertEquals(0, ours.exitCode(), ours::describe);
            assertArrayEquals(theirs.stdout(), ours.stdout(), () -> "cat " + object + "\nrestic:\n" + theirs.out() + "\njrestic:\n" + ours.out());
        }
    }

    @Test
    void catIndexPrintsResticsBytes() {
        for (String id : restic.run("list", "index").ok().outLines()) {
            assertArrayEquals(restic.run("cat", "index", id).ok().stdout(), jrestic.run("cat", "index", id).ok().stdout());
        }
    }

    @Test
    void catIndexPrintsResticsJson() {
        for (String id : restic.run("list", "index").ok().outLines()) {
            assertEquals(Json.parse(restic.run("cat", "index", id).ok().out()), Json.parse(jrestic.run("cat", "index", id).ok().out()));
        }
    }

    @Test
    void catSnapshotByPrefixAndMasterkey() {
        String id = restic.run("list", "snapshots").ok().outLines().getFirst();
        assertArrayEquals(restic.run("cat", "snapshot", id.substring(0, 8)).ok().stdout(),
                jrestic.run("cat", "snapshot", id.substring(0, 8)).ok().stdout());
        Map<String, Object> theirs = Json.object(restic.run("cat", "masterkey").ok().out());
        assertEquals(theirs, Json.object(jrestic.run("cat", "masterkey").ok().out()));
    }

    @Test
    void lsListsTheSameNodes() {
        for (String snapshot : List.of("latest", restic.run("list", "snapshots").ok().outLines().getFirst())) {
            CommandResult theirs = restic.run("ls", snapshot).ok();
            CommandResult ours = jrestic.run("ls", snapshot);
            assertEquals(theirs.out(), ours.ok().out());
            assertEquals(Json.lines(restic.run("ls", "--json", snapshot).ok().out()),
                    Json.lines(jrestic.run("ls", "--json", snapshot).ok().out()));
            assertEquals(restic.run("ls", "-l", snapshot).ok().out(), jrestic.run("ls", "-l", snapshot).ok().out());
        }
    }

    @Test
    void restoreGivesTheTreeResticRestores() throws IOException {
        Path theirs = tmp.resolve("by-restic");
        Path ours = tmp.resolve("by-jrestic");
        restic.run("restore", "latest", "--target", theirs.toString()).ok();
        CommandResult restore = jrestic.run("restore", "latest", "--target", ours.toString());
        assertEquals(0, restore.exitCode(), restore::describe);
        List<String> diffs = TreeComparison.differences(Fixtures.raw(Path.of(theirs + src.toString())),
                Fixtures.raw(Path.of(ours + src.toString())), TreeComparison.Options.ALL);
        assertEquals(List.of(), diffs, () -> String.join("\n", diffs));
        List<String> againstSource = TreeComparison.differences(Fixtures.raw(src), Fixtures.raw(Path.of(ours + src.toString())),
                TreeComparison.Options.ALL.skipping(Fixtures.NOT_RESTORED).withUtf8LinkTargets());
        assertEquals(List.of(), againstSource, () -> String.join("\n", againstSource));
    }

    @ParameterizedTest(name = "dump {0}")
    @ValueSource(strings = {"random.bin", "empty", "sparse", "zeros", "hard2", "sub/deeper/leaf", "emoji-😀🎉", "tab\tname"})
    void dumpOfAFileIsResticsBytes(String name) {
        String path = src + "/" + name;
        CommandResult theirs = restic.run("dump", "latest", path).ok();
        CommandResult ours = jrestic.run("dump", "latest", path);
        assertEquals(0, ours.exitCode(), ours::describe);
        assertArrayEquals(theirs.stdout(), ours.stdout());
    }

    @Test
    void dumpOfADirectoryIsATarWithResticsContent() throws IOException {
        String path = src + "/sub";
        Path theirs = Files.createDirectory(tmp.resolve("tar-restic"));
        Path ours = Files.createDirectory(tmp.resolve("tar-jrestic"));
        untar(restic.run("dump", "latest", path).ok().stdout(), theirs);
        CommandResult dump = jrestic.run("dump", "latest", path);
        assertEquals(0, dump.exitCode(), dump::describe);
        untar(dump.stdout(), ours);
        List<String> diffs = TreeComparison.differences(Fixtures.raw(theirs), Fixtures.raw(ours),
                TreeComparison.Options.ALL.withoutDirectoryTimes());
        assertEquals(List.of(), diffs, () -> String.join("\n", diffs));
        assertFalse(TreeComparison.snapshot(Fixtures.raw(ours), TreeComparison.Options.ALL).entries().size() < 4,
                "the tar holds sub's entries");
    }

    private static void untar(byte[] tar, Path into) {
        Restic.execute(List.of("tar", "-x", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-C", into.toString(), "-f", "-"),
                Map.of(), tar).ok();
    }

    private static List<String> sortedLines(CommandResult r) {
        return r.outLines().stream().sorted().toList();
    }
}

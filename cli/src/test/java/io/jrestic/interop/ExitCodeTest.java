package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.fs.Posix;
import io.jrestic.key.KdfParams;
import io.jrestic.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * restic's exit codes (as of restic 0.17, which jrestic follows): 10 when there is no repository, 3 when a backup
 * could not read everything but saved a snapshot, 12 for a wrong password (see {@link KeyInteropTest}).
 */
class ExitCodeTest {
    private static final String PASSWORD = "exit-codes";

    @TempDir
    Path tmp;

    @Test
    void missingRepositoryIsExit10WithOneLine() throws IOException {
        Files.createDirectory(tmp.resolve("empty-dir"));
        for (Path location : List.of(tmp.resolve("nothing-here"), tmp.resolve("empty-dir"))) {
            Jrestic jrestic = new Jrestic(location, PASSWORD);
            for (String[] args : List.<String[]>of(new String[] {"snapshots"}, new String[] {"cat", "config"},
                    new String[] {"backup", tmp.toString()}, new String[] {"list", "blobs"})) {
                CommandResult r = jrestic.run(args);
                assertEquals(10, r.exitCode(), r::describe);
                assertEquals(1, r.errLines().size(), r::describe);
                assertTrue(r.err().startsWith("Fatal: "), r::describe);
            }
        }
    }

    /** Keys with p = 1 derive on the calling thread, keys with p = 4 on two: either way the error is the same. */
    @ParameterizedTest(name = "scrypt p = {0}")
    @ValueSource(ints = {1, 4})
    void runningOutOfMemoryIsOneLineAndExit1NotAStackTrace(int lanes) throws IOException {
        String fixed = System.getProperty(KdfParams.NEW_KEY_PROPERTY);
        System.setProperty(KdfParams.NEW_KEY_PROPERTY, "32768,8," + lanes);
        Jrestic jrestic;
        try {
            jrestic = initialised();
        } finally {
            if (fixed != null) System.setProperty(KdfParams.NEW_KEY_PROPERTY, fixed);
            else System.clearProperty(KdfParams.NEW_KEY_PROPERTY);
        }
        ProcessBuilder pb = jrestic.processBuilder("cat", "config");
        List<String> command = new java.util.ArrayList<>(pb.command());
        // a heap too small for the key derivation's 32 MiB table: a real OutOfMemoryError in a real process
        command.add(command.indexOf("-cp"), "-Xmx24m");
        ChildProcess.Output o = ChildProcess.run(command, pb.environment());
        String err = o.err();
        assertEquals(1, o.exitCode(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("Fatal: out of memory (Java heap space); JRESTIC_JAVA_OPTS=-Xmx<size>"), err);
    }

    /**
     * restic's password rules: an empty password from the variable, a file or a command counts as none, and with
     * no terminal to ask on an empty password is refused. A script whose RESTIC_PASSWORD is unset by accident must
     * not create a repository with an empty password.
     */
    @Test
    void anEmptyPasswordIsRefusedAsInRestic() throws IOException {
        Restic.assumeInstalled();
        Path emptyFile = Files.writeString(tmp.resolve("empty-password"), "\n");
        for (String tool : List.of("restic", "jrestic")) {
            Path repo = tmp.resolve("repo-" + tool);
            List<List<String>> ways = List.of(List.of(), List.of("--password-file", emptyFile.toString()),
                    List.of("--password-command", "true"));
            for (List<String> way : ways) {
                Map<String, String> env = Map.of("RESTIC_REPOSITORY", repo.toString(), "RESTIC_PASSWORD", "",
                        "PATH", System.getenv("PATH"), "HOME", tmp.toString());
                ChildProcess.Output o = ChildProcess.run(command(tool, "init", way), env, new byte[0], null, ChildProcess.DEFAULT_LIMIT);
                assertEquals(1, o.exitCode(), tool + " " + way + ": " + o.err());
                assertEquals("Fatal: an empty password is not a password", o.err().strip().lines().toList().getLast(),
                        tool + " " + way);
                assertTrue(Files.notExists(repo.resolve("config")), tool + " created a repository with " + way);
            }
        }
    }

    private static List<String> command(String tool, String subcommand, List<String> options) {
        List<String> args = new java.util.ArrayList<>();
        if (tool.equals("restic")) args.addAll(List.of("--no-cache"));
        args.add(subcommand);
        args.addAll(options);
        if (tool.equals("jrestic")) return io.jrestic.testkit.JresticJvm.command(args.toArray(String[]::new));
        List<String> c = new java.util.ArrayList<>(List.of("restic"));
        c.addAll(args);
        return c;
    }

    @Test
    void aStdinFilenameWithoutANameIsOneLineAndExit1() throws IOException {
        Jrestic jrestic = initialised();
        for (String name : List.of("", "/", "a/..")) {
            CommandResult r = jrestic.runProcess(Fixtures.utf8("data"), "backup", "--stdin", "--stdin-filename", name);
            // restic 0.14 fails too (exit 1), with "unable to save snapshot: Readdirnames / failed: invalid argument"
            assertEquals(1, r.exitCode(), r::describe);
            assertEquals(List.of("Fatal: invalid stdin filename \"" + name + "\""), r.errLines(), r::describe);
        }
        assertEquals(List.of(), Json.array(jrestic.run("snapshots", "--json").ok().out()));
    }

    /** A mistake in what the user typed is one Fatal line and exit 1, without an "internal error" note. */
    @Test
    void mistakesInArgumentsAreOneFatalLine() {
        Jrestic jrestic = initialised();
        List<List<String>> mistakes = List.of(
                List.of("cat", "blob", "zz"),
                List.of("backup", "--exclude-if-present", "", tmp.toString()),
                List.of("backup", "--exclude-if-present", ":header", tmp.toString()),
                List.of("-o", "local.connections=abc", "snapshots"),
                List.of("-o", "local.layout=foo", "snapshots"),
                List.of("-r", "sftp:host:/srv/repo", "snapshots"),
                List.of("-r", "rest:", "init"),
                List.of("-r", "s3:", "init"),
                List.of("-r", "gs:", "init"),
                List.of("-r", "http://host/repo", "init"));
        for (List<String> args : mistakes) {
            CommandResult r = jrestic.run(args.toArray(String[]::new));
            assertEquals(1, r.exitCode(), r::describe);
            assertEquals(1, r.errLines().size(), r::describe);
            assertTrue(r.err().startsWith("Fatal: "), r::describe);
        }
        assertEquals(List.of(), Json.array(jrestic.run("snapshots", "--json").ok().out()));
    }

    @Test
    void missingTargetIsSkippedWithAWarningAndASnapshotOfTheRest() throws IOException {
        Jrestic jrestic = initialised();
        Path src = Files.createDirectory(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("present"), Fixtures.utf8("here"));
        Path missing = tmp.resolve("missing");

        CommandResult r = jrestic.run("backup", src.toString(), missing.toString());
        // restic 0.14 (observed): "<path> does not exist, skipping", exit 0, snapshot of the targets that exist
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.err().contains(missing + " does not exist, skipping"), r::describe);
        List<Object> snapshots = Json.array(jrestic.run("snapshots", "--json").ok().out());
        assertEquals(1, snapshots.size(), "a snapshot is saved despite the missing target");
        if (Restic.installed()) {
            new Restic(jrestic.repository(), PASSWORD).run("check", "--read-data").ok();
            List<String> files = new Restic(jrestic.repository(), PASSWORD).run("ls", "latest").ok().outLines();
            assertTrue(files.contains(src + "/present"), files::toString);
        }
    }

    @Test
    void missingTargetIsLeftOutOfTheSnapshotPaths() throws IOException {
        Jrestic jrestic = initialised();
        Path src = Files.createDirectory(tmp.resolve("src"));
        jrestic.run("backup", src.toString(), tmp.resolve("missing").toString());
        String id = jrestic.run("list", "snapshots").ok().outLines().getFirst();
        Map<String, Object> snapshot = Json.object(jrestic.run("cat", "snapshot", id).ok().out());
        assertEquals(List.of(src.toString()), snapshot.get("paths"));
    }

    @Test
    void allTargetsMissingIsAFailureWithoutSnapshot() throws IOException {
        Jrestic jrestic = initialised();
        CommandResult r = jrestic.run("backup", tmp.resolve("missing").toString());
        assertEquals(1, r.exitCode(), r::describe);
        assertTrue(jrestic.run("list", "snapshots").ok().out().isBlank(), "no snapshot");
    }

    @Test
    void unreadableFileIsExit3WhenNotRoot() throws IOException {
        Assumptions.assumeFalse(Fixtures.isRoot(), "root reads files with mode 000");
        Jrestic jrestic = initialised();
        Path src = Files.createDirectory(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("readable"), Fixtures.utf8("r"));
        Fixtures.writeFile(src.resolve("unreadable"), Fixtures.utf8("u"));
        Posix.chmod(Fixtures.raw(src.resolve("unreadable")), 0);
        CommandResult r = jrestic.run("backup", src.toString());
        assertEquals(3, r.exitCode(), r::describe);
        assertEquals(1, jrestic.run("list", "snapshots").ok().outLines().size());
    }

    private Jrestic initialised() {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        return jrestic;
    }
}

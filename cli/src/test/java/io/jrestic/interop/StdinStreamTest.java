package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.testkit.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup --stdin}: a 200 MiB stream piped into a jrestic process comes back byte-identical from restic, and
 * a stream without data is refused as stock restic refuses it.
 */
class StdinStreamTest {
    private static final String PASSWORD = "stream-secret";
    private static final long STREAM_LENGTH = 200L << 20;
    private static final long SEED = 20261124;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void streamedBackupDumpsToTheSameBytes() throws Exception {
        Restic.assumeInstalled();
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        Restic restic = new Restic(jrestic.repository(), PASSWORD);
        jrestic.run("init").ok();

        Process p = jrestic.processBuilder("backup", "--stdin", "--stdin-filename", "dump.bin").start();
        var out = ChildProcess.drain(p.getInputStream());
        var err = ChildProcess.drain(p.getErrorStream());
        CompletableFuture<String> written = CompletableFuture.supplyAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                return GeneratedStream.write(in, SEED, STREAM_LENGTH);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int code = p.waitFor();
        CommandResult backup = new CommandResult("jrestic backup --stdin", code, out.join(), err.join());
        assertEquals(0, code, backup::describe);
        String expected = written.join();

        CommandResult check = restic.run("check", "--read-data").ok();
        assertTrue(check.out().contains("no errors were found"), check::describe);
        Restic.Digest dump = restic.digest("dump", "latest", "/dump.bin");
        assertEquals(0, dump.exitCode(), dump.stderr());
        assertEquals(STREAM_LENGTH, dump.size());
        assertEquals(expected, dump.sha256());
    }

    /**
     * A dump command that fails before writing leaves an empty stream. restic 0.14 reports the item and leaves it
     * out instead of storing an empty file that would pass for a backup: with no directory around it the snapshot
     * would be empty and none is saved (exit 1); inside a directory the directory is saved empty (exit 3).
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aStreamWithoutDataIsAnErrorAsInRestic() {
        Restic.assumeInstalled();
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        Restic restic = new Restic(jrestic.repository(), PASSWORD);
        jrestic.run("init").ok();

        CommandResult theirs = restic.run(new byte[0], "backup", "--stdin", "--stdin-filename", "dump.sql");
        CommandResult ours = jrestic.runProcess(new byte[0], "backup", "--stdin", "--stdin-filename", "dump.sql");
        assertEquals(1, theirs.exitCode(), theirs::describe);
        assertEquals(theirs.exitCode(), ours.exitCode(), ours::describe);
        assertEquals(List.of("error: read /dump.sql: no data read", "Fatal: unable to save snapshot: snapshot is empty"),
                theirs.errLines(), theirs::describe);
        assertEquals(theirs.errLines(), ours.errLines(), ours::describe);
        assertEquals("[]", restic.run("snapshots", "--json").ok().out().strip(), "neither tool saved a snapshot");

        theirs = restic.run(new byte[0], "backup", "--stdin", "--stdin-filename", "db/dump.sql", "--tag", "restic");
        ours = jrestic.runProcess(new byte[0], "backup", "--stdin", "--stdin-filename", "db/dump.sql", "--tag", "jrestic");
        assertEquals(3, theirs.exitCode(), theirs::describe);
        assertEquals(theirs.exitCode(), ours.exitCode(), ours::describe);
        assertEquals(theirs.errLines(), ours.errLines(), ours::describe);
        for (String tool : List.of("restic", "jrestic")) {
            CommandResult ls = restic.run("ls", "--json", "latest", "--tag", tool).ok();
            List<String> nodes = ls.outLines().stream().filter(l -> l.contains("\"struct_type\":\"node\"")).toList();
            assertEquals(1, nodes.size(), ls::describe);
            assertTrue(nodes.getFirst().contains("\"path\":\"/db\"") && nodes.getFirst().contains("\"type\":\"dir\""),
                    ls::describe);
        }
        restic.run("check", "--read-data").ok();

        CommandResult json = jrestic.runProcess(new byte[0], "backup", "--json", "--stdin", "--stdin-filename", "x");
        assertEquals(1, json.exitCode(), json::describe);
        assertTrue(json.err().contains("\"message_type\":\"error\"") && json.err().contains("\"item\":\"/x\""),
                json::describe);
    }

    /** With {@code --stdin-from-command} a command that failed without output is named as the cause. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCommandWithoutOutputSavesNoSnapshot() {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();

        CommandResult failed = jrestic.runProcess(null, "backup", "--stdin-from-command", "--", "false");
        assertEquals(1, failed.exitCode(), failed::describe);
        assertEquals("Fatal: command \"false\" failed with exit code 1, no snapshot created", failed.errLines().getLast(),
                failed::describe);
        CommandResult silent = jrestic.runProcess(null, "backup", "--stdin-from-command", "--", "true");
        assertEquals(1, silent.exitCode(), silent::describe);
        assertEquals("Fatal: unable to save snapshot: snapshot is empty", silent.errLines().getLast(), silent::describe);
        assertEquals("[]", jrestic.run("snapshots", "--json").ok().out().strip());
    }
}

package io.jrestic.cli.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.local.LocalBackend;
import io.jrestic.cli.repair.Bench;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.lock.Lock;
import io.jrestic.repository.Repository;
import io.jrestic.testkit.JresticJvm;
import io.jrestic.testkit.StockRestic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup works during its lock's settle wait (restic's 200 ms, which restic itself sits out before it starts),
 * but nothing of it reaches the repository or the terminal before the lock is confirmed: when an exclusive lock
 * appears within the wait (a prune starting at the same moment), the backup fails as restic's locking would, with
 * exit code 11 and restic's lock message alone, and leaves the repository as it was.
 */
class BackupLockTest {
    @TempDir
    Path tmp;

    @Test
    void aBackupWhoseLockIsLostInTheSettleWaitWritesAndShowsNothingButTheLockFailure() throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        Bench bench = new Bench(tmp);
        bench.restic("init").ok();
        bench.write("a.txt", 1000);
        bench.write("sub/b.bin", 3 << 20);
        Set<String> keys = Set.copyOf(bench.ids("keys"));
        int exitCode;
        ProcessBuilder pb = new ProcessBuilder(JresticJvm.command("backup", "-v", bench.source.toString()));
        pb.environment().putAll(bench.environment());
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = startAndLoseLock(bench, pb);
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the backup ends");
            exitCode = p.exitValue();
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertEquals(11, exitCode, stderr);
        // what restic prints before it locks, and then nothing but the lock failure
        List<String> shown = Files.readAllLines(out);
        assertEquals(1, shown.size(), "no parent line, no file, no summary: " + shown);
        assertTrue(shown.getFirst().matches("repository [0-9a-f]{8} opened \\(repository version 2\\) successfully"), shown.getFirst());
        assertTrue(stderr.startsWith("Fatal: repository is already locked exclusively by PID 4242 on elsewhere by other"), stderr);
        assertEquals(1, bench.ids("locks").size(), "only the other lock is left");
        assertTrue(bench.ids("data").isEmpty() && bench.ids("index").isEmpty() && bench.ids("snapshots").isEmpty(),
                "nothing was saved");
        assertEquals(keys, bench.ids("keys"));
    }

    /** A lost lock stops the backup at once: a stream that has not ended is not read to its end first. */
    @Test
    void aBackupWhoseLockIsLostStopsReadingItsStream() throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        Bench bench = new Bench(tmp);
        bench.restic("init").ok();
        ProcessBuilder pb = new ProcessBuilder(JresticJvm.command("backup", "--stdin", "--pack-size", "4"));
        pb.environment().putAll(bench.environment());
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        Process p = startAndLoseLock(bench, pb);
        try {
            // A stream that goes on for 30 s, gigabytes of it: the backup must end before it does.
            long streamEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean streamEnded = false;
            java.util.Random random = new java.util.Random(3);
            byte[] chunk = new byte[1 << 20];
            try (java.io.OutputStream stdin = p.getOutputStream()) {
                while (p.isAlive() && !streamEnded) {
                    random.nextBytes(chunk);
                    stdin.write(chunk);
                    streamEnded = System.nanoTime() > streamEnd;
                }
            } catch (java.io.IOException e) {
                // the backup ended and closed its end of the pipe: what this test waits for
            }
            assertFalse(streamEnded, "the backup went on reading its stream after its lock was lost");
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the backup ends");
            assertEquals(11, p.exitValue(), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
        assertTrue(Files.readString(err).startsWith("Fatal: repository is already locked exclusively by PID 4242"),
                Files.readString(err));
        assertTrue(bench.ids("data").isEmpty() && bench.ids("index").isEmpty() && bench.ids("snapshots").isEmpty(),
                "nothing was saved");
    }

    /**
     * Starts the backup {@code pb} and, as soon as its lock file appears, writes an exclusive lock of another host
     * into the repository, well within the backup's 200 ms settle wait.
     */
    private static Process startAndLoseLock(Bench bench, ProcessBuilder pb) throws Exception {
        // opened first: its key derivation would take longer than the settle wait
        try (Repository prune = Repository.open(new LocalBackend(bench.repo), Bench.PASSWORD.getBytes(StandardCharsets.UTF_8),
                null, Repository.Settings.DEFAULT)) {
            byte[] exclusive = new Lock(GoTime.local(Instant.now()), true, "elsewhere", "other", 4242, 0, 0).toJson();
            // and warmed up: the first save of this JVM (zstd's native library, the JIT) could miss the wait too
            Id warmUp = prune.saveUnpacked(FileType.LOCK, "{}".getBytes(StandardCharsets.UTF_8));
            prune.backend().remove(FileHandle.of(FileType.LOCK, warmUp));
            Process p = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (bench.ids("locks").isEmpty()) { // jrestic's lock file: its settle wait starts now
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("the backup did not take its lock (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
                }
                Thread.sleep(1);
            }
            prune.saveUnpacked(FileType.LOCK, exclusive);
            return p;
        }
    }
}

package io.jrestic.cli.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.repair.Bench;
import io.jrestic.testkit.JresticJvm;
import io.jrestic.testkit.StockRestic;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A jrestic process that gets SIGINT or SIGTERM in the middle of a backup exits with 130, as restic does, after
 * removing its lock; the repository it leaves passes stock restic's check without {@code restic unlock}.
 */
class SignalTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void anInterruptedBackupRemovesItsLockAndExits130(String signal) throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        Bench bench = new Bench(tmp);
        bench.jrestic("init", "-q").ok();
        ProcessBuilder pb = new ProcessBuilder(JresticJvm.command("backup", "--stdin", "--pack-size", "4", "-q"));
        pb.environment().putAll(bench.environment());
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        Process p = pb.start();
        try {
            interruptBackup(bench, p, signal, err);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void interruptBackup(Bench bench, Process p, String signal, Path err) throws Exception {
        OutputStream stdin = p.getOutputStream();
        Random random = new Random(5);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < 10; i++) { // more than two packs: saved, but not yet indexed
            random.nextBytes(chunk);
            stdin.write(chunk);
        }
        stdin.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bench.ids("locks").isEmpty() || bench.ids("data").isEmpty()) {
            assertTrue(p.isAlive(), "the backup is still running");
            assertTrue(System.nanoTime() < deadline, "the backup took its lock and saved a pack: locks "
                    + bench.ids("locks") + ", packs " + bench.ids("data") + ", stderr: " + Files.readString(err));
            Thread.sleep(50);
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends");
        stdin.close();

        assertEquals(130, p.exitValue(), Files.readString(err));
        String expected = signal.equals("INT") ? "signal interrupt received, cleaning up" : "signal terminated received, cleaning up";
        assertTrue(Files.readString(err).contains(expected), Files.readString(err));
        assertTrue(bench.ids("locks").isEmpty(), "the lock is gone");
        assertTrue(bench.ids("snapshots").isEmpty());
        Bench.Result check = bench.restic("check");
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("no errors were found"), check.out());
    }
}

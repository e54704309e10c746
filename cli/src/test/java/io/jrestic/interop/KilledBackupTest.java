package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jrestic backup killed with SIGKILL after it stored some packs leaves a repository restic accepts.
 *
 * <p>What stock restic 0.14 does with the dead process's lock (observed): {@code restic check} takes an exclusive
 * lock and refuses ("repository is already locked by PID … on <host>") even though that PID is gone; restic only
 * treats such a lock as stale in {@code restic unlock}, which removes it. A user therefore runs {@code restic unlock}
 * first, and so does this test. A later jrestic backup takes a non-exclusive lock, which a stale non-exclusive
 * lock does not block.
 */
class KilledBackupTest {
    private static final String PASSWORD = "kill-secret";
    private static final long STREAM_LENGTH = 200L << 20;
    private static final int PACKS_BEFORE_KILL = 2;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void repositoryOfAKilledBackupPassesResticCheck() throws Exception {
        Restic.assumeInstalled();
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        Restic restic = new Restic(jrestic.repository(), PASSWORD);
        jrestic.run("init").ok();

        Process p = jrestic.processBuilder("backup", "--stdin", "--stdin-filename", "big.bin")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                GeneratedStream.write(in, 7, STREAM_LENGTH);
            } catch (IOException e) {
                // the pipe breaks when the process dies: expected
            }
        });
        Path data = jrestic.repository().resolve("data");
        while (p.isAlive() && packCount(data) < PACKS_BEFORE_KILL) Thread.sleep(20);
        assertTrue(p.isAlive(), "the backup finished before " + PACKS_BEFORE_KILL + " packs were stored; nothing to kill");
        p.destroyForcibly(); // SIGKILL
        assertEquals(137, p.waitFor(), "exit status of a SIGKILLed process");
        feeding.join();

        assertTrue(restic.run("list", "snapshots").ok().out().isBlank(), "no snapshot from the killed backup");
        assertFalse(restic.run("list", "locks").ok().out().isBlank(), "the killed process leaves its lock behind");
        CommandResult lockedCheck = restic.run("check");
        if (lockedCheck.exitCode() != 0) {
            assertTrue(lockedCheck.err().contains("already locked"), lockedCheck::describe);
            restic.run("unlock").ok();
        }
        CommandResult check = restic.run("check", "--read-data").ok();
        assertTrue(check.out().contains("no errors were found"), check::describe);

        Path src = Files.createDirectory(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("after-the-crash"), Fixtures.randomBytes(11, 300_000));
        jrestic.run("backup", src.toString()).ok();
        CommandResult checkAfter = restic.run("check", "--read-data").ok();
        assertTrue(checkAfter.out().contains("no errors were found"), checkAfter::describe);
        assertEquals(1, restic.run("list", "snapshots").ok().outLines().size());
    }

    private static long packCount(Path data) throws IOException {
        if (!Files.isDirectory(data)) return 0;
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}

package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.testkit.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup --stdin}: a 200 MiB stream piped into a jrestic process comes back byte-identical from restic. */
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
}

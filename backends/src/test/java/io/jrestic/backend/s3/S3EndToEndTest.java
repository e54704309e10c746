package io.jrestic.backend.s3;

import io.jrestic.backend.Backend;
import io.jrestic.backend.location.BackendRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whole repositories through S3 (S3Proxy on disk): jrestic writes and reads back through the engine, stock restic
 * 0.14 checks every byte jrestic wrote, and jrestic restores what restic wrote.
 */
class S3EndToEndTest {
    @TempDir
    static Path buckets;
    @TempDir
    Path scratch;
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.onDisk(buckets);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static Backend open(String bucketAndPrefix) throws IOException {
        return BackendRegistry.open("s3:" + server.endpoint() + "/" + bucketAndPrefix, Map.of(), server.environment());
    }

    private static byte[] sample(int length) {
        byte[] data = new byte[length];
        new java.util.Random(length).nextBytes(data);
        return data;
    }

    @Test
    void jresticBacksUpThroughS3AndRestoresTheSameBytes() throws IOException {
        byte[] data = sample(3 << 20);
        RepositoryRoundTrip.init(open("jrestic-roundtrip/repo"));
        RepositoryRoundTrip.backup(open("jrestic-roundtrip/repo"), data, "dump.bin");
        assertArrayEquals(data, RepositoryRoundTrip.restore(open("jrestic-roundtrip/repo"), "dump.bin"));
    }

    @Test
    void stockResticChecksEveryByteOfARepositoryJresticWroteToS3() throws Exception {
        RepositoryRoundTrip.init(open("for-restic"));
        RepositoryRoundTrip.backup(open("for-restic"), sample(1 << 20), "data/file.bin");
        RepositoryRoundTrip.Run check = RepositoryRoundTrip.restic(scratch, server.environment(),
                "-r", "s3:" + server.endpoint() + "/for-restic", "check", "--read-data");
        assertEquals(0, check.exitCode(), check.output());
    }

    @Test
    void jresticRestoresWhatStockResticBackedUpToS3() throws Exception {
        byte[] data = sample(2 << 20);
        Path source = Files.createDirectories(scratch.resolve("src"));
        Files.write(source.resolve("file.bin"), data);
        String repo = "s3:" + server.endpoint() + "/from-restic/prefix";
        RepositoryRoundTrip.Run init = RepositoryRoundTrip.restic(scratch, server.environment(), "-r", repo, "init");
        assertEquals(0, init.exitCode(), init.output());
        RepositoryRoundTrip.Run backup = RepositoryRoundTrip.restic(scratch, server.environment(),
                "-r", repo, "backup", source.toString());
        assertEquals(0, backup.exitCode(), backup.output());
        String path = source.toString().substring(1) + "/file.bin";
        assertArrayEquals(data, RepositoryRoundTrip.restore(open("from-restic/prefix"), path));
    }
}

package io.jrestic.backend.s3;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.tls.ClientTls;
import io.jrestic.backend.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 backend over https (S3Proxy with an openssl-made certificate): a private CA, and no verification at all. */
class S3TlsTest {
    @TempDir
    Path dir;

    @Test
    void aPrivateCaLetsTheBackendSaveAndLoadOverHttpsAndStockResticReadsTheSameRepository() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        try (S3ProxyServer server = S3ProxyServer.inMemoryOverHttps(certificates.serverContext())) {
            String bucket = "s3:" + server.endpoint() + "/tls-bucket";
            assertTrue(bucket.startsWith("s3:https://127.0.0.1:"), bucket);
            assertRefused(bucket, server.environment());

            Map<String, String> trusted = with(server.environment(), ClientTls.CA_CERT_VARIABLE,
                    certificates.caCertificate().toString());
            assertSavesAndLoads(bucket, trusted);
            RepositoryRoundTrip.init(BackendRegistry.open(bucket + "/repo", Map.of(), trusted));
            RepositoryRoundTrip.backup(BackendRegistry.open(bucket + "/repo", Map.of(), trusted), new byte[70_000], "f");
            RepositoryRoundTrip.Run check = RepositoryRoundTrip.restic(dir, server.environment(), "-r", bucket + "/repo",
                    "--cacert", certificates.caCertificate().toString(), "check", "--read-data");
            assertEquals(0, check.exitCode(), check.output());
        }
    }

    @Test
    void insecureTlsAcceptsASelfSignedCertificateForAnotherName() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        try (S3ProxyServer server = S3ProxyServer.inMemoryOverHttps(certificates.selfSignedServerContext())) {
            String bucket = "s3:" + server.endpoint() + "/self-signed";
            assertRefused(bucket, with(server.environment(), ClientTls.CA_CERT_VARIABLE,
                    certificates.caCertificate().toString()));
            // The certificate names "localhost", not 127.0.0.1: insecure skips the name check as well.
            assertSavesAndLoads(bucket, with(server.environment(), ClientTls.INSECURE_VARIABLE, "true"));
        }
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        Map<String, String> more = new HashMap<>(environment);
        more.put(name, value);
        return more;
    }

    private static void assertSavesAndLoads(String bucket, Map<String, String> environment) throws IOException {
        try (Backend backend = BackendRegistry.open(bucket, Map.of(), environment)) {
            backend.create();
            backend.save(FileHandle.CONFIG, ByteSource.of(new byte[] {4, 2}));
            assertArrayEquals(new byte[] {4, 2}, backend.load(FileHandle.CONFIG));
        }
    }

    /** An untrusted server is a permanent error, reported at once rather than after minutes of retries. */
    private static void assertRefused(String bucket, Map<String, String> environment) throws IOException {
        try (Backend untrusted = BackendRegistry.open(bucket, Map.of(), environment)) {
            IOException e = assertTimeout(Duration.ofSeconds(10),
                    () -> assertThrows(IOException.class, () -> untrusted.stat(FileHandle.CONFIG)));
            assertFalse(RetryingBackend.isTransient(e), e.toString());
            assertTrue(e.getMessage().startsWith(bucket + "/config: stat failed: TLS handshake"), e.getMessage());
        }
    }
}

package io.jrestic.backend.gcs;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.gcs.fake.FakeGcsServer;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.tls.ClientTls;
import io.jrestic.backend.tls.TestCertificates;
import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GCS backend over https ({@link FakeGcsServer} on the JDK's HttpsServer, demanding a client certificate):
 * a private CA with a client certificate, and no verification at all.
 */
class GcsTlsTest {
    private static final String BUCKET = "gs:" + GcsTestBackends.BUCKET + ":/repo";

    @TempDir
    Path dir;

    @Test
    void aPrivateCaAndAClientCertificateCarryBothUploadKindsAndDownloads() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        try (FakeGcsServer server = FakeGcsServer.startHttpsWithClientCertificates(certificates.serverContext())) {
            Map<String, String> environment = environment(server, ClientTls.CA_CERT_VARIABLE,
                    certificates.caCertificate().toString(), certificates);
            assertSavesAndLoads(environment);
            // Without the private CA the server is not trusted; without the client certificate it refuses us.
            assertRefused(environment(server, ClientTls.CLIENT_CERT_VARIABLE,
                    certificates.clientCertificateAndKey().toString(), null));
            assertRefused(environment(server, ClientTls.CA_CERT_VARIABLE, certificates.caCertificate().toString(),
                    null));
        }
    }

    @Test
    void insecureTlsAcceptsASelfSignedCertificateForAnotherName() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        try (FakeGcsServer server = FakeGcsServer.startHttpsWithClientCertificates(
                certificates.selfSignedServerContext())) {
            assertRefused(environment(server, ClientTls.CA_CERT_VARIABLE, certificates.caCertificate().toString(),
                    certificates));
            assertSavesAndLoads(environment(server, ClientTls.INSECURE_VARIABLE, "true", certificates));
        }
    }

    /** The fake's environment with {@code name=value} and, unless {@code client} is null, its client certificate. */
    private static Map<String, String> environment(FakeGcsServer server, String name, String value,
                                                   TestCertificates client) {
        Map<String, String> environment = GcsTestBackends.environment(server);
        environment.put(name, value);
        if (client != null) {
            environment.put(ClientTls.CLIENT_CERT_VARIABLE, client.clientCertificateAndKey().toString());
        }
        return environment;
    }

    /** A small file in one request, a larger one through a resumable session (its URL on https as well). */
    private static void assertSavesAndLoads(Map<String, String> environment) throws IOException {
        byte[] large = new byte[GcsTestBackends.SINGLE_REQUEST_LIMIT + 1000];
        new Random(1).nextBytes(large);
        FileHandle pack = FileHandle.of(FileType.PACK, Id.hash(large));
        try (Backend backend = new GcsBackendFactory(GcsTestBackends.QUICK_RETRIES, GcsTestBackends.SMALL_UPLOADS)
                .open(BUCKET.substring("gs:".length()), Map.of(), environment)) {
            backend.create();
            backend.save(FileHandle.CONFIG, ByteSource.of(new byte[] {4, 2}));
            backend.save(pack, ByteSource.of(large));
            assertArrayEquals(new byte[] {4, 2}, backend.load(FileHandle.CONFIG));
            assertArrayEquals(large, backend.load(pack));
        }
    }

    /** An untrusted server is a permanent error, reported at once rather than after minutes of retries. */
    private static void assertRefused(Map<String, String> environment) throws IOException {
        try (Backend untrusted = BackendRegistry.open(BUCKET, Map.of(), environment)) {
            IOException e = assertTimeout(Duration.ofSeconds(10),
                    () -> assertThrows(IOException.class, () -> untrusted.stat(FileHandle.CONFIG)));
            assertFalse(RetryingBackend.isTransient(e), e.toString());
            assertTrue(e.getMessage().startsWith("stat " + BUCKET + "/config: TLS handshake"), e.getMessage());
        }
    }
}

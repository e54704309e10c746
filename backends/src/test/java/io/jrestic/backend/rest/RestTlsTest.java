package io.jrestic.backend.rest;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * https with a private CA ({@code RESTIC_CACERT}), a client certificate ({@code RESTIC_TLS_CLIENT_CERT}) and without
 * verification ({@code --insecure-tls}) against {@code rclone serve restic --cert --key --client-ca}.
 */
class RestTlsTest {
    @TempDir
    Path dir;

    @Test
    void aPrivateCaAndAClientCertificateReachAServerThatDemandsThem() throws Exception {
        assumeTrue(RcloneRestServer.installed(), "rclone is not installed");
        TestCertificates certificates = TestCertificates.make(dir);
        Path served = Files.createDirectories(dir.resolve("served"));
        try (RcloneRestServer server = RcloneRestServer.start(served, "--cert", certificates.serverCertificate().toString(),
                "--key", certificates.serverKey().toString(), "--client-ca", certificates.caCertificate().toString())) {
            String repo = "rest:" + server.url() + "tls/";
            assertEquals("https", java.net.URI.create(server.url()).getScheme());
            String client = certificates.clientCertificateAndKey().toString();
            Map<String, String> trusted = Map.of(ClientTls.CA_CERT_VARIABLE, certificates.caCertificate().toString(),
                    ClientTls.CLIENT_CERT_VARIABLE, client);
            assertSavesAndLoads(repo, trusted);
            // Without the private CA the server is not trusted; without the client certificate it refuses us.
            assertRefused(repo, Map.of(ClientTls.CLIENT_CERT_VARIABLE, client));
            assertRefused(repo, Map.of(ClientTls.CA_CERT_VARIABLE, certificates.caCertificate().toString()));
        }
    }

    @Test
    void insecureTlsAcceptsASelfSignedCertificateForAnotherNameButStillPresentsTheClientCertificate() throws Exception {
        assumeTrue(RcloneRestServer.installed(), "rclone is not installed");
        TestCertificates certificates = TestCertificates.make(dir);
        Path served = Files.createDirectories(dir.resolve("served"));
        try (RcloneRestServer server = RcloneRestServer.start(served,
                "--cert", certificates.selfSignedCertificate().toString(),
                "--key", certificates.selfSignedKey().toString(), "--client-ca", certificates.caCertificate().toString())) {
            String repo = "rest:" + server.url() + "insecure/";
            String client = certificates.clientCertificateAndKey().toString();
            assertRefused(repo, Map.of(ClientTls.CLIENT_CERT_VARIABLE, client));
            assertRefused(repo, Map.of(ClientTls.CLIENT_CERT_VARIABLE, client,
                    ClientTls.CA_CERT_VARIABLE, certificates.caCertificate().toString()));
            // The certificate names "localhost", not 127.0.0.1: insecure skips the name check as well.
            assertSavesAndLoads(repo, Map.of(ClientTls.CLIENT_CERT_VARIABLE, client,
                    ClientTls.INSECURE_VARIABLE, "true"));
        }
    }

    private static void assertSavesAndLoads(String repo, Map<String, String> environment) throws IOException {
        try (Backend backend = BackendRegistry.open(repo, Map.of(), environment)) {
            backend.create();
            backend.save(FileHandle.CONFIG, ByteSource.of(new byte[] {4, 2}));
            assertArrayEquals(new byte[] {4, 2}, backend.load(FileHandle.CONFIG));
        }
    }

    /** A refused handshake is a permanent error, reported at once rather than after retries. */
    private static void assertRefused(String repo, Map<String, String> environment) throws IOException {
        try (Backend untrusted = BackendRegistry.open(repo, Map.of(), environment)) {
            IOException e = assertTimeout(Duration.ofSeconds(10),
                    () -> assertThrows(IOException.class, () -> untrusted.stat(FileHandle.CONFIG)));
            assertFalse(RetryingBackend.isTransient(e), e.toString());
            assertTrue(e.getMessage().startsWith(repo + "config: stat failed: TLS handshake"), e.getMessage());
        }
    }
}

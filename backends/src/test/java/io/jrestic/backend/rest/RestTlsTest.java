package io.jrestic.backend.rest;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.retry.RetryingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * https with a private CA ({@code RESTIC_CACERT}) and a client certificate ({@code RESTIC_TLS_CLIENT_CERT}) against
 * {@code rclone serve restic --cert --key --client-ca}; certificates are made by openssl for the test.
 */
class RestTlsTest {
    @TempDir
    Path dir;

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assumeTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "openssl failed: " + output);
    }

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
    private void makeCertificates() throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=jrestic test CA");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        for (String name : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + name);
            List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt",
                    "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt", "-days", "2"));
            if (name.equals("server")) sign.addAll(List.of("-extfile", "server.ext"));
            openssl(sign.toArray(String[]::new));
        }
        Files.writeString(dir.resolve("client.pem"),
                Files.readString(dir.resolve("client.crt")) + Files.readString(dir.resolve("client.key")));
    }

    @Test
    void aPrivateCaAndAClientCertificateReachAServerThatDemandsThem() throws Exception {
        assumeTrue(RcloneRestServer.installed(), "rclone is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        makeCertificates();
        Path served = Files.createDirectories(dir.resolve("served"));
        try (RcloneRestServer server = RcloneRestServer.start(served, "--cert", dir.resolve("server.crt").toString(),
                "--key", dir.resolve("server.key").toString(), "--client-ca", dir.resolve("ca.crt").toString())) {
            String repo = "rest:" + server.url() + "tls/";
            assertEquals("https", java.net.URI.create(server.url()).getScheme());
            Map<String, String> trusted = Map.of(RestTls.CA_CERT, dir.resolve("ca.crt").toString(),
                    RestTls.CLIENT_CERT, dir.resolve("client.pem").toString());
            try (Backend backend = BackendRegistry.open(repo, Map.of(), trusted)) {
                backend.create();
                backend.save(FileHandle.CONFIG, ByteSource.of(new byte[] {4, 2}));
                assertArrayEquals(new byte[] {4, 2}, backend.load(FileHandle.CONFIG));
            }
            // Without the private CA the server is not trusted; without the client certificate it refuses us.
            try (Backend untrusted = BackendRegistry.open(repo, Map.of(),
                    Map.of(RestTls.CLIENT_CERT, dir.resolve("client.pem").toString()))) {
                IOException e = assertThrows(IOException.class, () -> untrusted.stat(FileHandle.CONFIG));
                assertFalse(RetryingBackend.isTransient(e), e.toString());
                assertTrue(e.getMessage().startsWith(repo + "config: stat failed: TLS handshake"), e.getMessage());
            }
        }
    }
}

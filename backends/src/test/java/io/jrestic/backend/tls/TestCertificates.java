package io.jrestic.backend.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Certificates made by openssl for https tests on 127.0.0.1, in a directory: a CA, a server certificate for
 * IP 127.0.0.1 and a client certificate both signed by it, and a self-signed server certificate for the name
 * "localhost" only, which no client should accept for 127.0.0.1 unless told to skip verification. Tests that need
 * them are skipped without openssl.
 */
public final class TestCertificates {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    /** The password of the PKCS#12 files the Java servers load; they never leave the test's directory. */
    private static final char[] STORE_PASSWORD = "test".toCharArray();

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the certificates in {@code dir}; skips the calling test if openssl is missing or fails. */
    public static TestCertificates make(Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
        TestCertificates made = new TestCertificates(dir);
        made.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=jrestic test CA");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        for (String name : List.of("server", "client")) {
            made.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + name);
            List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt",
                    "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt", "-days", "2"));
            if (name.equals("server")) sign.addAll(List.of("-extfile", "server.ext"));
            made.openssl(sign.toArray(String[]::new));
        }
        Files.writeString(dir.resolve("client.pem"),
                Files.readString(dir.resolve("client.crt")) + Files.readString(dir.resolve("client.key")));
        made.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self-signed.key",
                "-out", "self-signed.crt", "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost");
        for (String name : List.of("server", "self-signed")) {
            made.openssl("pkcs12", "-export", "-in", name + ".crt", "-inkey", name + ".key", "-out", name + ".p12",
                    "-passout", "pass:" + new String(STORE_PASSWORD));
        }
        return made;
    }

    /** Runs openssl in the certificates' directory, for a test's own variants of them. */
    void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assumeTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "openssl failed: " + output);
    }

    /** A file in the certificates' directory: those made here by name (client.crt, client.key, …) or a test's own. */
    Path path(String name) {
        return dir.resolve(name);
    }

    /** The CA's certificate (PEM): what {@code --cacert} names to trust the servers it signed. */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** The CA-signed server certificate for 127.0.0.1 (PEM) and its key, e.g. for rclone's --cert and --key. */
    public Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The self-signed certificate for "localhost" (PEM) and its key. */
    public Path selfSignedCertificate() {
        return dir.resolve("self-signed.crt");
    }

    public Path selfSignedKey() {
        return dir.resolve("self-signed.key");
    }

    /** The CA-signed client certificate and its key in one PEM file: what {@code --tls-client-cert} names. */
    public Path clientCertificateAndKey() {
        return dir.resolve("client.pem");
    }

    /** A server context presenting the CA-signed 127.0.0.1 certificate and trusting client certificates of the CA. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        return serverContext("server.p12");
    }

    /** A server context presenting the self-signed "localhost" certificate. */
    public SSLContext selfSignedServerContext() throws IOException, GeneralSecurityException {
        return serverContext("self-signed.p12");
    }

    private SSLContext serverContext(String keyStoreFile) throws IOException, GeneralSecurityException {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(keyStoreFile))) {
            identity.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, STORE_PASSWORD);
        KeyStore clientRoots = KeyStore.getInstance(KeyStore.getDefaultType());
        clientRoots.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate())) {
            clientRoots.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clientRoots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}

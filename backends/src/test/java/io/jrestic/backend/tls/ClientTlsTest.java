package io.jrestic.backend.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the TLS settings from the environment map: defaults, what each variable yields, restic's errors. */
class ClientTlsTest {
    @TempDir
    Path dir;

    @Test
    void withoutSettingsTheJdkDefaultsApply() {
        assertSame(ClientTls.systemDefault(), ClientTls.fromEnvironment(Map.of()));
        ClientTls blank = ClientTls.fromEnvironment(Map.of(ClientTls.CA_CERT_VARIABLE, "", ClientTls.CLIENT_CERT_VARIABLE,
                " ", ClientTls.INSECURE_VARIABLE, "false"));
        assertTrue(blank.isSystemDefault());
        assertNull(blank.sslContext());
        assertNull(blank.trustManagers());
        assertNull(blank.keyManagers());
    }

    @Test
    void caFilesAreTheOnlyTrustedRootsAndAClientCertificateIsPresented() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        ClientTls tls = ClientTls.fromEnvironment(Map.of(
                ClientTls.CA_CERT_VARIABLE, certificates.caCertificate() + "," + certificates.selfSignedCertificate(),
                ClientTls.CLIENT_CERT_VARIABLE, certificates.clientCertificateAndKey().toString()));
        assertFalse(tls.isSystemDefault());
        assertFalse(tls.insecure());
        assertNotNull(tls.sslContext());
        X509TrustManager roots = (X509TrustManager) tls.trustManagers()[0];
        assertEquals(2, roots.getAcceptedIssuers().length);
        assertEquals(1, tls.keyManagers().length);
    }

    @Test
    void insecureAcceptsAnyServerAndKeepsTheClientCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        ClientTls tls = ClientTls.fromEnvironment(Map.of(ClientTls.INSECURE_VARIABLE, "true",
                ClientTls.CLIENT_CERT_VARIABLE, certificates.clientCertificateAndKey().toString()));
        assertTrue(tls.insecure());
        assertEquals(0, ((X509TrustManager) tls.trustManagers()[0]).getAcceptedIssuers().length);
        assertEquals(1, tls.keyManagers().length);
    }

    @Test
    void unusableFilesAreReportedInResticsWords() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "garbage\n");
        Path missing = dir.resolve("missing.pem");
        assertEquals("unable to read root certificate: " + missing + ": no such file or directory",
                refusal(ClientTls.CA_CERT_VARIABLE, missing.toString()));
        assertEquals("cannot parse root certificate from \"" + garbage + "\": no PEM certificate (BEGIN CERTIFICATE) in "
                + garbage, refusal(ClientTls.CA_CERT_VARIABLE, garbage.toString()));
        assertEquals("empty filename for root certificate supplied", refusal(ClientTls.CA_CERT_VARIABLE, "," + garbage));
        assertEquals("unable to read TLS client certificate: " + missing + ": no such file or directory",
                refusal(ClientTls.CLIENT_CERT_VARIABLE, missing.toString()));
        // The CA file checked even when insecure, as restic does.
        assertEquals("unable to read root certificate: " + missing + ": no such file or directory",
                assertThrows(IllegalArgumentException.class, () -> ClientTls.fromEnvironment(Map.of(
                        ClientTls.CA_CERT_VARIABLE, missing.toString(), ClientTls.INSECURE_VARIABLE, "true")))
                        .getMessage());

        TestCertificates certificates = TestCertificates.make(dir);
        assertEquals("parse TLS client cert or key: " + certificates.caCertificate() + ": expected one unencrypted"
                        + " private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY), found 0",
                refusal(ClientTls.CLIENT_CERT_VARIABLE, certificates.caCertificate().toString()));
        Path mismatched = Files.writeString(dir.resolve("mismatched.pem"), Files.readString(certificates.selfSignedCertificate())
                + Files.readString(certificates.path("client.key")));
        assertEquals("parse TLS client cert or key: " + mismatched + ": private key does not match public key",
                refusal(ClientTls.CLIENT_CERT_VARIABLE, mismatched.toString()));
    }

    /** The client's key and certificate chain as the key manager presents them. */
    private static X509KeyManager identity(Path pem) {
        X509KeyManager keys = (X509KeyManager) ClientTls.fromEnvironment(
                Map.of(ClientTls.CLIENT_CERT_VARIABLE, pem.toString())).keyManagers()[0];
        String alias = keys.chooseClientAlias(new String[] {"RSA", "EC"}, null, null);
        assertNotNull(keys.getPrivateKey(alias));
        return keys;
    }

    /** Go reads PKCS#1 and SEC 1 keys as well as PKCS#8, and sends the certificates of the file without checking them. */
    @Test
    void olderKeyEncodingsAndAnyChainAreTakenAsGoTakesThem() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        certificates.openssl("rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        assertTrue(Files.readString(certificates.path("client-pkcs1.key")).contains("BEGIN RSA PRIVATE KEY"));
        String clientCertificate = Files.readString(certificates.path("client.crt"));
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.pem"),
                Files.readString(certificates.path("client-pkcs1.key")) + clientCertificate);
        assertArrayEquals(identity(certificates.clientCertificateAndKey()).getPrivateKey("client").getEncoded(),
                identity(pkcs1).getPrivateKey("client").getEncoded());

        certificates.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        certificates.openssl("req", "-x509", "-key", "ec.key", "-out", "ec.crt", "-days", "2", "-subj", "/CN=ec");
        assertTrue(Files.readString(certificates.path("ec.key")).contains("BEGIN EC PRIVATE KEY"));
        Path sec1 = Files.writeString(dir.resolve("sec1.pem"),
                Files.readString(certificates.path("ec.crt")) + Files.readString(certificates.path("ec.key")));
        assertEquals("EC", identity(sec1).getPrivateKey("client").getAlgorithm());

        Path unrelatedExtra = Files.writeString(dir.resolve("extra.pem"), clientCertificate
                + Files.readString(certificates.selfSignedCertificate()) + Files.readString(certificates.path("client.key")));
        assertEquals(2, identity(unrelatedExtra).getCertificateChain("client").length);

        certificates.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "other-ec.key");
        Path wrongEcKey = Files.writeString(dir.resolve("wrong-ec.pem"),
                Files.readString(certificates.path("ec.crt")) + Files.readString(certificates.path("other-ec.key")));
        assertEquals("parse TLS client cert or key: " + wrongEcKey + ": private key does not match public key",
                refusal(ClientTls.CLIENT_CERT_VARIABLE, wrongEcKey.toString()));
    }

    private static String refusal(String variable, String value) {
        return assertThrows(IllegalArgumentException.class, () -> ClientTls.fromEnvironment(Map.of(variable, value)))
                .getMessage();
    }
}

package io.jrestic.backend.rest;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS settings from restic's variables: {@code RESTIC_CACERT} names PEM files (comma-separated) whose certificates
 * are then the only trusted roots, as with restic's {@code --cacert}; {@code RESTIC_TLS_CLIENT_CERT} names one PEM
 * file holding the client certificate (chain) and its unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}).
 */
final class RestTls {
    static final String CA_CERT = "RESTIC_CACERT";
    static final String CLIENT_CERT = "RESTIC_TLS_CLIENT_CERT";
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final char[] IN_MEMORY_PASSWORD = new char[0];

    private RestTls() {
    }

    /** The SSL context the variables ask for, or null when neither is set (the JDK's defaults then apply). */
    static SSLContext fromEnvironment(Map<String, String> environment) {
        String caFiles = environment.get(CA_CERT);
        String clientFile = environment.get(CLIENT_CERT);
        boolean customCa = caFiles != null && !caFiles.isBlank();
        boolean clientCert = clientFile != null && !clientFile.isBlank();
        if (!customCa && !clientCert) return null;
        try {
            TrustManagerFactory trust = null;
            if (customCa) {
                KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
                roots.load(null, null);
                int n = 0;
                for (String file : caFiles.split(",")) {
                    for (Certificate certificate : certificates(Path.of(file.strip()), CA_CERT)) {
                        roots.setCertificateEntry("ca-" + n++, certificate);
                    }
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(roots);
            }
            KeyManagerFactory keys = null;
            if (clientCert) {
                Path file = Path.of(clientFile.strip());
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("client", privateKey(file), IN_MEMORY_PASSWORD,
                        certificates(file, CLIENT_CERT).toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, IN_MEMORY_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + CA_CERT + "/" + CLIENT_CERT + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file, String variable) {
        List<Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(file, variable, "CERTIFICATE")) {
                certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(variable + ": " + file + ": invalid certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(variable + ": " + file + ": no PEM certificate (BEGIN CERTIFICATE) found");
        }
        return certificates;
    }

    private static PrivateKey privateKey(Path file) {
        List<byte[]> keys = blocks(file, CLIENT_CERT, "PRIVATE KEY");
        if (keys.size() != 1) {
            throw new IllegalArgumentException(CLIENT_CERT + ": " + file + ": expected one unencrypted PKCS#8 key"
                    + " (BEGIN PRIVATE KEY; convert with openssl pkcs8 -topk8 -nocrypt), found " + keys.size());
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.getFirst());
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(CLIENT_CERT + ": " + file + ": the private key is not RSA, EC or EdDSA");
    }

    /** The DER contents of the PEM blocks of {@code type} in {@code file}. */
    private static List<byte[]> blocks(Path file, String variable, String type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(variable + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
        }
        return blocks;
    }
}

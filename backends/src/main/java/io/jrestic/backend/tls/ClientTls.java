package io.jrestic.backend.tls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of TLS for the HTTP backends, from restic's global flags as the CLI puts them in the environment
 * map: {@value #CA_CERT_VARIABLE} names PEM files (comma-separated) whose certificates are then the only trusted
 * roots ({@code --cacert}); {@value #CLIENT_CERT_VARIABLE} names one PEM file holding the client certificate (chain)
 * and its unencrypted private key, PKCS#8, PKCS#1 or SEC 1 ({@code --tls-client-cert}); {@value #INSECURE_VARIABLE}{@code =true}
 * accepts any server certificate ({@code --insecure-tls}). Files are read once, when the backend is opened; a file
 * that cannot be used is an {@link IllegalArgumentException}, as restic refuses to open the repository.
 */
public final class ClientTls {
    public static final String CA_CERT_VARIABLE = "RESTIC_CACERT";
    public static final String CLIENT_CERT_VARIABLE = "RESTIC_TLS_CLIENT_CERT";
    /**
     * jrestic's own name: restic has no variable for {@code --insecure-tls} (up to 0.19 the flag is the only way),
     * so the CLI sets this from the flag alone and drops an inherited value.
     */
    public static final String INSECURE_VARIABLE = "JRESTIC_INSECURE_TLS";

    private static final ClientTls SYSTEM_DEFAULT = new ClientTls(null, null, false, null);
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private final TrustManager[] trustManagers;
    private final KeyManager[] keyManagers;
    private final boolean insecure;
    private final SSLContext sslContext;

    private ClientTls(TrustManager[] trustManagers, KeyManager[] keyManagers, boolean insecure, SSLContext sslContext) {
        this.trustManagers = trustManagers;
        this.keyManagers = keyManagers;
        this.insecure = insecure;
        this.sslContext = sslContext;
    }

    /** The settings the variables ask for; with none of them set, the JDK's defaults ({@link #isSystemDefault}). */
    public static ClientTls fromEnvironment(Map<String, String> environment) {
        String caFiles = environment.get(CA_CERT_VARIABLE);
        String clientFile = environment.get(CLIENT_CERT_VARIABLE);
        boolean customCa = caFiles != null && !caFiles.isBlank();
        boolean clientCert = clientFile != null && !clientFile.isBlank();
        boolean insecure = Boolean.parseBoolean(environment.get(INSECURE_VARIABLE));
        if (!customCa && !clientCert && !insecure) return SYSTEM_DEFAULT;
        try {
            // The CA files are read even when --insecure-tls makes them moot: restic reports a bad one either way.
            TrustManager[] trust = customCa ? rootsFrom(caFiles) : null;
            if (insecure) trust = new TrustManager[] {new AcceptAnyServer()};
            KeyManager[] keys = clientCert ? identityFrom(Path.of(clientFile.strip())) : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return new ClientTls(trust, keys, insecure, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The JDK's defaults: the system's roots, no client certificate. */
    public static ClientTls systemDefault() {
        return SYSTEM_DEFAULT;
    }

    /** True when no variable is set: callers then leave their HTTP client's TLS as it comes. */
    public boolean isSystemDefault() {
        return this == SYSTEM_DEFAULT;
    }

    /** Whether any server certificate is accepted, for any host name ({@code --insecure-tls}). */
    public boolean insecure() {
        return insecure;
    }

    /** The trust managers to check servers with, or null for the JDK's default roots. */
    public TrustManager[] trustManagers() {
        return trustManagers == null ? null : trustManagers.clone();
    }

    /** The key managers presenting the client certificate, or null when there is none. */
    public KeyManager[] keyManagers() {
        return keyManagers == null ? null : keyManagers.clone();
    }

    /** A context with {@link #trustManagers} and {@link #keyManagers}, or null when {@link #isSystemDefault}. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** The handshake failure in {@code e}'s cause chain, or null: a certificate that was refused stays refused. */
    public static SSLHandshakeException handshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException handshake) return handshake;
        }
        return null;
    }

    /** The words for a handshake failure in a backend's message, with the settings that may fix it. */
    public static String describe(SSLHandshakeException e) {
        return "TLS handshake: " + e.getMessage() + " (trusted roots: --cacert or " + CA_CERT_VARIABLE
                + ", client certificate: --tls-client-cert or " + CLIENT_CERT_VARIABLE + ")";
    }

    private static TrustManager[] rootsFrom(String caFiles) throws GeneralSecurityException {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            roots.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty key store cannot fail to load", e);
        }
        int n = 0;
        for (String name : caFiles.split(",", -1)) {
            if (name.isBlank()) throw new IllegalArgumentException("empty filename for root certificate supplied");
            Path file = Path.of(name.strip());
            String text = read(file, "unable to read root certificate");
            for (Certificate certificate : certificates(text, file, "cannot parse root certificate from \"" + file + "\"")) {
                roots.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        return trust.getTrustManagers();
    }

    /**
     * The client certificate (chain) and key of one PEM file, presented as they are, as Go's {@code X509KeyPair}
     * does: the first certificate is the client's, the others go along unchecked (a Java key store would refuse a
     * chain whose certificates do not sign one another).
     */
    private static KeyManager[] identityFrom(Path file) {
        String text = read(file, "unable to read TLS client certificate");
        String problem = "parse TLS client cert or key: " + file;
        X509Certificate[] chain = certificates(text, file, problem).stream().map(X509Certificate.class::cast)
                .toArray(X509Certificate[]::new);
        PrivateKey key = privateKey(text, problem);
        if (!belongTogether(key, chain[0].getPublicKey())) {
            throw new IllegalArgumentException(problem + ": private key does not match public key");
        }
        return new KeyManager[] {new FixedIdentity(key, chain)};
    }

    /** Whether a signature made with {@code key} verifies with {@code certified}: Go's check of a key pair. */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certified.getAlgorithm())) return algorithm == null;
        try {
            byte[] probe = "jrestic key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file, String problem) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(problem + ": " + file + ": no such file or directory", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(problem + ": " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(problem + ": " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(String text, Path file, String problem) {
        List<Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(text, "CERTIFICATE")) {
                certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(problem + ": invalid certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(problem + ": no PEM certificate (BEGIN CERTIFICATE) in " + file);
        }
        return certificates;
    }

    /**
     * The one private key in {@code text}: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY})
     * or SEC 1 ({@code BEGIN EC PRIVATE KEY}), the three forms Go reads; the last two are rewrapped as PKCS#8.
     */
    private static PrivateKey privateKey(String text, String problem) {
        List<byte[]> pkcs8 = new ArrayList<>(blocks(text, "PRIVATE KEY"));
        for (byte[] pkcs1 : blocks(text, "RSA PRIVATE KEY")) pkcs8.add(Pkcs8.fromPkcs1(pkcs1));
        for (byte[] sec1 : blocks(text, "EC PRIVATE KEY")) pkcs8.add(Pkcs8.fromSec1(sec1, problem));
        if (pkcs8.size() != 1) {
            throw new IllegalArgumentException(problem + ": expected one unencrypted private key (BEGIN PRIVATE KEY,"
                    + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY), found " + pkcs8.size());
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8.getFirst());
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(problem + ": the private key is not RSA, EC or EdDSA");
    }

    /** The DER contents of the PEM blocks of {@code type} in {@code text}. */
    private static List<byte[]> blocks(String text, String type) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
        }
        return blocks;
    }

    /** Presents one certificate chain and key to every server that asks for a client certificate. */
    private static final class FixedIdentity extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedIdentity(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /**
     * Trusts every server certificate: INSECURE, anyone on the path can impersonate the server and read or change
     * what is sent (the repository's contents stay encrypted and authenticated, credentials for the server do not).
     * It exists for restic's {@code --insecure-tls} (Go's InsecureSkipVerify): self-signed test and home servers.
     * As an {@link X509ExtendedTrustManager} it also stands for the host name check, which it skips too; the JDK
     * would wrap a plain X509TrustManager in one that still checks the name.
     */
    private static final class AcceptAnyServer extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client-side trust manager does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

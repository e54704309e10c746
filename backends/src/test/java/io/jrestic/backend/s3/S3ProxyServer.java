package io.jrestic.backend.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** An S3Proxy on 127.0.0.1 and an ephemeral port, in memory or on disk, over http or https, for tests. */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "access";
    static final String SECRET_KEY = "secret-key-not-in-messages";

    private final S3Proxy proxy;
    private final boolean https;

    private S3ProxyServer(BlobStore store, SSLContext tls) throws Exception {
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0);
        if (tls == null) {
            builder.endpoint(URI.create("http://127.0.0.1:0"));
        } else {
            builder.secureEndpoint(URI.create("https://127.0.0.1:0")).sslContext(tls);
        }
        proxy = builder.build();
        https = tls != null;
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
    }

    static S3ProxyServer inMemory() throws Exception {
        return new S3ProxyServer(new TransientNio2BlobStore(), null);
    }

    /** In memory, over https only, with the server certificate (and key) of {@code tls}. */
    static S3ProxyServer inMemoryOverHttps(SSLContext tls) throws Exception {
        return new S3ProxyServer(new TransientNio2BlobStore(), tls);
    }

    /** Buckets are directories below {@code directory}, each a valid local restic repository. */
    static S3ProxyServer onDisk(Path directory) throws Exception {
        return new S3ProxyServer(new FilesystemNio2BlobStore(directory.toString()), null);
    }

    String endpoint() {
        return https ? "https://127.0.0.1:" + proxy.getSecurePort() : "http://127.0.0.1:" + proxy.getPort();
    }

    /** The environment of a client with this server's credentials. */
    Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}

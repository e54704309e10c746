package io.jrestic.backend.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** An S3Proxy on 127.0.0.1 and an ephemeral port, in memory or on disk, for tests. */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "access";
    static final String SECRET_KEY = "secret-key-not-in-messages";

    private final S3Proxy proxy;

    private S3ProxyServer(BlobStore store) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
    }

    static S3ProxyServer inMemory() throws Exception {
        return new S3ProxyServer(new TransientNio2BlobStore());
    }

    /** Buckets are directories below {@code directory}, each a valid local restic repository. */
    static S3ProxyServer onDisk(Path directory) throws Exception {
        return new S3ProxyServer(new FilesystemNio2BlobStore(directory.toString()));
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
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

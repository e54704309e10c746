package io.jrestic.backend.s3;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.tls.ClientTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link S3Backend} against an embedded S3Proxy (in memory): the backend contract plus S3's own rules. */
class S3BackendTest extends BackendContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;
    private final List<Backend> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.inMemory();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeBackends() throws IOException {
        for (Backend backend : opened) backend.close();
    }

    private S3Backend open(String bucketAndPrefix, String secret) {
        S3Location location = S3Location.parse(server.endpoint() + "/" + bucketAndPrefix);
        S3Credentials credentials = new S3Credentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, secret)), "the test");
        S3Backend backend = new S3Backend(location, S3Settings.defaults(), credentials, ClientTls.systemDefault());
        opened.add(backend);
        return backend;
    }

    private static String newBucket() {
        return "bucket-" + BUCKETS.incrementAndGet();
    }

    @Override
    protected Backend backend() {
        S3Backend backend = open(newBucket() + "/repo", S3ProxyServer.SECRET_KEY);
        try {
            backend.create();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return backend;
    }

    @Test
    void filesLiveBelowThePrefixInResticsLayout() throws IOException {
        String bucket = newBucket();
        S3Backend backend = open(bucket + "/some/prefix", S3ProxyServer.SECRET_KEY);
        backend.create();
        byte[] pack = bytes("pack");
        FileHandle handle = handleFor(FileType.PACK, pack);
        backend.save(handle, ByteSource.of(pack));

        // The same bucket seen without the prefix: keys are <prefix>/data/<xx>/<id>.
        S3Backend root = open(bucket, S3ProxyServer.SECRET_KEY);
        assertEquals(Map.of(), listed(root, FileType.PACK));
        S3Backend other = open(bucket + "/some", S3ProxyServer.SECRET_KEY);
        assertEquals(Map.of(), listed(other, FileType.PACK));
        assertArrayEquals(pack, backend.load(handle));
        assertEquals("s3:" + server.endpoint() + "/" + bucket + "/some/prefix", backend.location());
    }

    @Test
    void aMissingBucketIsNotARepositoryAndInitCreatesIt() throws IOException {
        String bucket = newBucket();
        S3Backend backend = open(bucket, S3ProxyServer.SECRET_KEY);
        assertFalse(backend.exists());
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> backend.save(FileHandle.CONFIG, ByteSource.of(bytes("x"))));
        assertTrue(e.getMessage().contains("bucket " + bucket + " does not exist"), e.getMessage());
        backend.create();
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("x")));
        assertTrue(backend.exists());
    }

    @Test
    void badCredentialsArePermanentNameTheLocationAndNeverTheSecret() throws IOException {
        String bucket = newBucket();
        open(bucket, S3ProxyServer.SECRET_KEY).create();
        String wrongSecret = "wrong-secret-value";
        S3Backend backend = open(bucket, wrongSecret);
        IOException e = assertThrows(IOException.class, () -> backend.save(FileHandle.CONFIG, ByteSource.of(bytes("x"))));
        assertTrue(e instanceof S3RequestException.Permanent || e instanceof AccessDeniedException, e.toString());
        assertFalse(RetryingBackend.isTransient(e));
        assertTrue(e.getMessage().startsWith("s3:" + server.endpoint() + "/" + bucket + "/config"), e.getMessage());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertFalse(e.getMessage().contains(wrongSecret), e.getMessage());
        assertFalse(e.getMessage().contains(S3ProxyServer.SECRET_KEY), e.getMessage());
    }

    @Test
    void anUnreachableServerIsATransientErrorNamingTheLocation() {
        S3Location location = S3Location.parse("http://127.0.0.1:1/bucket");
        try (S3Backend backend = new S3Backend(location, S3Settings.defaults(),
                S3Credentials.fromEnvironment(server.environment()), ClientTls.systemDefault())) {
            IOException e = assertThrows(IOException.class, () -> backend.stat(FileHandle.CONFIG));
            assertTrue(RetryingBackend.isTransient(e));
            assertTrue(e.getMessage().startsWith("s3:http://127.0.0.1:1/bucket/config: stat failed"), e.getMessage());
        }
    }

    @Test
    void theFactoryOpensS3LocationsWithEnvironmentCredentialsAndRetries() throws IOException {
        String bucket = newBucket();
        Map<String, String> options = Map.of("s3.connections", "3", "s3.storage-class", "STANDARD");
        try (Backend backend = BackendRegistry.open("s3:" + server.endpoint() + "/" + bucket + "/repo", options,
                server.environment())) {
            assertInstanceOf(RetryingBackend.class, backend);
            assertEquals(3, backend.connections());
            backend.create();
            byte[] pack = random(3000, 7);
            backend.save(handleFor(FileType.PACK, pack), ByteSource.of(pack));
            assertArrayEquals(pack, backend.load(handleFor(FileType.PACK, pack)));
        }
    }

    @Test
    void serverSideEncryptionWithS3ManagedKeysIsRequestedOnSave() throws IOException {
        // S3Proxy accepts the header; what matters here is that a save with it succeeds and reads back.
        String bucket = newBucket();
        Map<String, String> env = new HashMap<>(server.environment());
        try (Backend backend = BackendRegistry.open("s3:" + server.endpoint() + "/" + bucket,
                Map.of("s3.sse", "AES256"), env)) {
            backend.create();
            backend.save(FileHandle.CONFIG, ByteSource.of(bytes("encrypted at rest")));
            assertArrayEquals(bytes("encrypted at rest"), backend.load(FileHandle.CONFIG));
        }
    }

    @Test
    void theEndpointOfAnS3CompatibleServerIsUsedPathStyle() {
        S3Location location = S3Location.parse(server.endpoint() + "/b");
        assertEquals(URI.create(server.endpoint()), location.endpoint());
        assertTrue(S3Settings.defaults().pathStyle(location));
    }
}

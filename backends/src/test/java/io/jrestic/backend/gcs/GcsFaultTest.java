package io.jrestic.backend.gcs;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.gcs.fake.FakeGcsServer;
import io.jrestic.backend.retry.RetryingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jrestic.backend.gcs.GcsBackendTest.bytes;
import static io.jrestic.backend.gcs.GcsBackendTest.handle;
import static io.jrestic.backend.gcs.GcsBackendTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures: transient ones are retried by the {@link RetryingBackend} the factory wraps around {@link GcsBackend}
 * (the client itself tries once), permanent ones fail at once with a one-line message naming the object.
 */
class GcsFaultTest {
    private static final String SECRET_TOKEN = "ya29.secret-token-value";
    private FakeGcsServer server;

    @BeforeEach
    void start() throws IOException {
        server = FakeGcsServer.start();
        server.createBucket("bkt");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void transientServerErrorsAreRetriedUntilTheSaveSucceeds() throws IOException {
        FileHandle snapshot = handle(FileType.SNAPSHOT, "01");
        try (Backend backend = GcsTestBackends.withRetries(server, "bkt:/repo")) {
            server.failNextRequests(2, 503);
            backend.save(snapshot, ByteSource.of(bytes("snapshot")));
            assertArrayEquals(bytes("snapshot"), backend.load(snapshot));
        }
        assertEquals(3, server.requests().stream().filter(r -> r.startsWith("POST /upload/")).count(),
                "two failed attempts, then one that succeeded; the client itself did not retry");
    }

    @Test
    void aFailedChunkRestartsTheResumableUpload() throws IOException {
        FileHandle pack = handle(FileType.PACK, "02");
        byte[] data = random(GcsTestBackends.SINGLE_REQUEST_LIMIT * 2 + 7, 1);
        try (Backend backend = GcsTestBackends.withRetries(server, "bkt:/repo")) {
            server.failNextRequests(1, 503, "PUT ");
            backend.save(pack, ByteSource.of(data));
            assertArrayEquals(data, backend.load(pack));
        }
        assertEquals(2, server.requests().stream()
                .filter(r -> r.startsWith("POST /upload/") && r.contains("uploadType=resumable")).count());
    }

    /** The client resumes a cut download from where it broke off (pinned to the generation); either way, no short data. */
    @Test
    void truncatedDownloadsNeverYieldShortData() throws IOException {
        FileHandle pack = handle(FileType.PACK, "03");
        byte[] data = random(50_000, 2);
        try (GcsBackend backend = GcsTestBackends.withoutRetries(server, "bkt:/repo")) {
            backend.save(pack, ByteSource.of(data));
            server.truncateNextDownloads(2);
            assertCompleteOrFailed(data, () -> backend.load(pack));
            server.truncateNextDownloads(2);
            assertCompleteOrFailed(Arrays.copyOfRange(data, 100, 40_100), () -> backend.loadRange(pack, 100, 40_000));
        }
        assertTrue(server.requests().stream().filter(r -> r.startsWith("GET /download/")).count() >= 4,
                "the truncated downloads were made");
    }

    private interface Load {
        byte[] run() throws IOException;
    }

    /** The load either fails or yields exactly {@code expected}; it never ends early without an error. */
    private static void assertCompleteOrFailed(byte[] expected, Load load) {
        byte[] loaded;
        try {
            loaded = load.run();
        } catch (IOException e) {
            return;
        }
        assertArrayEquals(expected, loaded);
    }

    @Test
    void aForbiddenRequestFailsAtOnceNamingTheObject() throws IOException {
        FileHandle key = handle(FileType.KEY, "05");
        try (Backend backend = GcsTestBackends.withRetries(server, "bkt:/repo")) {
            server.failNextRequests(100, 403);
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> backend.save(key, ByteSource.of(bytes("key"))));
            assertEquals("gs:bkt:/repo/keys/" + key.name(), e.getFile());
            assertTrue(e.getMessage().contains("403"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(1, server.requests().size(), "a 403 is not retried");
    }

    @Test
    void rejectedCredentialsFailAtOnceWithoutShowingTheToken() throws IOException {
        Map<String, String> environment = GcsTestBackends.environment(server);
        environment.put(GcsBackendFactory.ACCESS_TOKEN_VARIABLE, SECRET_TOKEN);
        try (Backend backend = new GcsBackendFactory(GcsTestBackends.QUICK_RETRIES, GcsTestBackends.SMALL_UPLOADS)
                .open("bkt:/repo", Map.of(), environment)) {
            server.failNextRequests(100, 401);
            IOException e = assertThrows(IOException.class, backend::exists);
            assertTrue(e instanceof GcsPermanentException, e.toString());
            assertTrue(e.getMessage().startsWith("stat gs:bkt:/repo/config: authentication failed"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET_TOKEN));
        }
        assertEquals("Bearer " + SECRET_TOKEN, server.lastAuthorization(), "the token is sent as a bearer token");
        assertEquals(1, server.requests().size(), "a 401 is not retried");
    }

    @Test
    void aMissingBucketIsNamedAndNotRetried() throws IOException {
        try (Backend backend = GcsTestBackends.withRetries(server, "nobucket:/repo")) {
            assertFalse(backend.exists());
            IOException save = assertThrows(GcsPermanentException.class,
                    () -> backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config"))));
            assertEquals("save gs:nobucket:/repo/config: bucket nobucket does not exist (jrestic init creates it)",
                    save.getMessage());
            IOException list = assertThrows(GcsPermanentException.class, () -> backend.list(FileType.INDEX, info -> { }));
            assertTrue(list.getMessage().contains("bucket nobucket does not exist"), list.getMessage());
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void creatingABucketNeedsAProject() throws IOException {
        Map<String, String> environment = GcsTestBackends.environment(server);
        environment.remove(GcsBackendFactory.PROJECT_ID_VARIABLE);
        try (Backend backend = new GcsBackendFactory().open("newbucket:/repo", Map.of(), environment)) {
            IOException e = assertThrows(GcsPermanentException.class, backend::create);
            assertEquals("gs:newbucket:/repo: bucket newbucket does not exist; set GOOGLE_PROJECT_ID to have it created",
                    e.getMessage());
        }
        assertFalse(server.hasBucket("newbucket"));
    }

    @Test
    void aForbiddenBucketLookupCountsAsAnExistingBucket() throws IOException {
        try (GcsBackend backend = GcsTestBackends.withoutRetries(server, "bkt:/repo")) {
            server.failNextRequests(1, 403);
            backend.create();
        }
    }

    /** Both upload paths: one request, and a resumable session. */
    @ParameterizedTest
    @ValueSource(ints = {1000, GcsTestBackends.SINGLE_REQUEST_LIMIT + 1000})
    void theServerRejectsAnUploadWhoseBytesDifferFromTheAnnouncedChecksums(int length) throws IOException {
        FileHandle pack = handle(FileType.PACK, "06");
        AtomicInteger opened = new AtomicInteger();
        ByteSource changing = new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                // The first pass (hashing) and the second (uploading) see different bytes, as if corrupted.
                return new ByteArrayInputStream(random(length, opened.incrementAndGet()));
            }
        };
        try (GcsBackend backend = GcsTestBackends.withoutRetries(server, "bkt:/repo")) {
            IOException e = assertThrows(IOException.class, () -> backend.save(pack, changing));
            assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
            assertThrows(NoSuchFileException.class, () -> backend.stat(pack));
        }
    }
}

package io.jrestic.backend.gcs;

import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.backend.gcs.fake.FakeGcsServer;
import io.jrestic.id.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link io.jrestic.backend.Backend} contract, held by {@link GcsBackend} against the fake JSON API server. */
class GcsBackendTest {
    private FakeGcsServer server;
    private GcsBackend backend;

    @BeforeEach
    void start() throws IOException {
        server = FakeGcsServer.start();
        backend = GcsTestBackends.withoutRetries(server, "bkt:/repo");
        backend.create();
    }

    @AfterEach
    void stop() throws IOException {
        backend.close();
        server.close();
    }

    @Test
    void locationNamesBucketAndPrefix() {
        assertEquals("gs:bkt:/repo", backend.location());
        assertEquals(GcsSettings.DEFAULT_CONNECTIONS, backend.connections());
    }

    @Test
    void createMakesTheBucketOnceAndIsIdempotent() throws IOException {
        assertTrue(server.hasBucket("bkt"));
        backend.create();
        assertEquals(1, server.requests().stream().filter(r -> r.startsWith("POST /storage/v1/b?")).count());
    }

    @Test
    void savedFilesLiveUnderThePrefixInResticsLayout() throws IOException {
        FileHandle pack = handle(FileType.PACK, "ab");
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config")));
        backend.save(pack, ByteSource.of(bytes("pack")));
        assertEquals(Set.of("repo/config", "repo/data/ab/" + pack.name()), server.objects("bkt").keySet());
    }

    @Test
    void smallFileRoundTripsInOneRequest() throws IOException {
        FileHandle key = handle(FileType.KEY, "01");
        byte[] data = random(1000, 1);
        backend.save(key, ByteSource.of(data));
        assertArrayEquals(data, backend.load(key));
        assertEquals(1, uploadRequests("uploadType=multipart"));
        assertEquals(0, server.uploadsNotChecksummed());
    }

    @Test
    void largeFileRoundTripsThroughAResumableSession() throws IOException {
        FileHandle pack = handle(FileType.PACK, "02");
        byte[] data = random(GcsTestBackends.SINGLE_REQUEST_LIMIT * 3 + 123, 2);
        backend.save(pack, ByteSource.of(data));
        assertArrayEquals(data, backend.load(pack));
        assertEquals(1, uploadRequests("uploadType=resumable"));
        assertTrue(server.requests().stream().filter(r -> r.startsWith("PUT ")).count() >= 2,
                "the upload is sent in several chunks");
        assertEquals(0, server.uploadsNotChecksummed());
    }

    @Test
    void emptyFileRoundTrips() throws IOException {
        FileHandle lock = handle(FileType.LOCK, "03");
        backend.save(lock, ByteSource.of(new byte[0]));
        assertArrayEquals(new byte[0], backend.load(lock));
        assertEquals(0, backend.stat(lock).size());
    }

    @Test
    void existingFilesAreNeverOverwritten() throws IOException {
        FileHandle small = handle(FileType.SNAPSHOT, "04");
        FileHandle large = handle(FileType.PACK, "05");
        byte[] first = random(GcsTestBackends.SINGLE_REQUEST_LIMIT * 2, 3);
        backend.save(small, ByteSource.of(bytes("first")));
        backend.save(large, ByteSource.of(first));

        assertThrows(FileAlreadyExistsException.class, () -> backend.save(small, ByteSource.of(bytes("second"))));
        assertThrows(FileAlreadyExistsException.class,
                () -> backend.save(large, ByteSource.of(random(first.length, 4))));
        assertArrayEquals(bytes("first"), backend.load(small));
        assertArrayEquals(first, backend.load(large));
    }

    @Test
    void rangesYieldExactlyTheRequestedBytes() throws IOException {
        FileHandle pack = handle(FileType.PACK, "06");
        byte[] data = random(100_000, 5);
        backend.save(pack, ByteSource.of(data));

        assertArrayEquals(Arrays.copyOfRange(data, 1000, 1500), backend.loadRange(pack, 1000, 500));
        assertArrayEquals(Arrays.copyOfRange(data, 99_990, 100_000), backend.loadRange(pack, 99_990, 10));
        try (InputStream rest = backend.openRange(pack, 90_000, 0)) {
            assertArrayEquals(Arrays.copyOfRange(data, 90_000, 100_000), rest.readAllBytes());
        }
        assertTrue(server.requests().stream().anyMatch(r -> r.startsWith("GET /download/")));
    }

    @Test
    void rangesBeyondTheEndFail() throws IOException {
        FileHandle pack = handle(FileType.PACK, "07");
        backend.save(pack, ByteSource.of(random(1000, 6)));
        assertThrows(EOFException.class, () -> backend.loadRange(pack, 990, 20));
        assertThrows(EOFException.class, () -> backend.loadRange(pack, 2000, 10));
        assertThrows(EOFException.class, () -> backend.openRange(pack, 2000, 0));
        try (InputStream atTheEnd = backend.openRange(pack, 1000, 0)) {
            assertEquals(0, atTheEnd.readAllBytes().length);
        }
    }

    @Test
    void missingFilesAreNoSuchFileNamingTheObject() throws IOException {
        FileHandle key = handle(FileType.KEY, "08");
        NoSuchFileException stat = assertThrows(NoSuchFileException.class, () -> backend.stat(key));
        assertEquals("gs:bkt:/repo/keys/" + key.name(), stat.getFile());
        NoSuchFileException open = assertThrows(NoSuchFileException.class, () -> backend.openRange(key, 0, 0));
        assertEquals("gs:bkt:/repo/keys/" + key.name(), open.getFile());
    }

    @Test
    void statReportsTheSize() throws IOException {
        FileHandle index = handle(FileType.INDEX, "09");
        backend.save(index, ByteSource.of(random(4321, 7)));
        assertEquals(new FileInfo(index, 4321), backend.stat(index));
    }

    @Test
    void existsOnceTheConfigIsSaved() throws IOException {
        assertFalse(backend.exists());
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config")));
        assertTrue(backend.exists());
    }

    @Test
    void removeDeletesAndToleratesMissingFiles() throws IOException {
        FileHandle lock = handle(FileType.LOCK, "0a");
        backend.save(lock, ByteSource.of(bytes("lock")));
        backend.remove(lock);
        assertThrows(NoSuchFileException.class, () -> backend.stat(lock));
        backend.remove(lock);
    }

    @Test
    void listingFollowsPagesAndSkipsForeignNames() throws IOException {
        server.setMaxPageSize(2);
        Set<String> saved = new TreeSet<>();
        for (int i = 0; i < 5; i++) {
            FileHandle snapshot = handle(FileType.SNAPSHOT, String.format("%02x", 0x10 + i));
            backend.save(snapshot, ByteSource.of(random(10 + i, i)));
            saved.add(snapshot.name());
        }
        String id = saved.iterator().next();
        server.putObject("bkt", "repo/snapshots/" + id + "-tmp-123", bytes("temporary"));
        server.putObject("bkt", "repo/snapshots/README", bytes("foreign"));
        server.putObject("bkt", "repo/snapshotsX/" + id, bytes("another directory"));
        server.putObject("bkt", "other/snapshots/" + id, bytes("another repository"));

        List<FileInfo> listed = new ArrayList<>();
        backend.list(FileType.SNAPSHOT, listed::add);
        assertEquals(saved, new TreeSet<>(listed.stream().map(info -> info.handle().name()).toList()));
        assertEquals(5, listed.size());
        for (FileInfo info : listed) assertEquals(backend.stat(info.handle()), info);
        assertTrue(server.requests().stream().anyMatch(r -> r.contains("pageToken=")), "several pages were read");
    }

    @Test
    void packsAreListedFromEverySubdirectory() throws IOException {
        FileHandle first = handle(FileType.PACK, "aa");
        FileHandle second = handle(FileType.PACK, "bb");
        backend.save(first, ByteSource.of(bytes("one")));
        backend.save(second, ByteSource.of(bytes("two")));
        List<FileInfo> listed = new ArrayList<>();
        backend.list(FileType.PACK, listed::add);
        assertEquals(Set.of(new FileInfo(first, 3), new FileInfo(second, 3)), Set.copyOf(listed));
    }

    @Test
    void configIsListedOnlyWhenPresent() throws IOException {
        List<FileInfo> listed = new ArrayList<>();
        backend.list(FileType.CONFIG, listed::add);
        assertEquals(List.of(), listed);
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config")));
        backend.list(FileType.CONFIG, listed::add);
        assertEquals(List.of(new FileInfo(FileHandle.CONFIG, 6)), listed);
    }

    @Test
    void emptyPrefixStoresAtTheBucketRoot() throws IOException {
        try (GcsBackend root = GcsTestBackends.withoutRetries(server, "bkt:/")) {
            assertEquals("gs:bkt:/", root.location());
            root.save(FileHandle.CONFIG, ByteSource.of(bytes("root config")));
            assertTrue(server.objects("bkt").containsKey("config"));
            assertFalse(backend.exists(), "the repository under repo/ is another one");
        }
    }

    private long uploadRequests(String kind) {
        return server.requests().stream().filter(r -> r.startsWith("POST /upload/") && r.contains(kind)).count();
    }

    /** A handle whose ID starts with {@code hexPrefix}. */
    static FileHandle handle(FileType type, String hexPrefix) {
        return new FileHandle(type, hexPrefix + Id.hash(bytes(hexPrefix)).toString().substring(hexPrefix.length()));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}

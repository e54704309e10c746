package io.jrestic.backend.s3;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every remote {@link Backend} must do, run against a real server by each subclass. {@link #backend()} is a
 * fresh, empty, created repository location for every test.
 */
public abstract class BackendContract {

    /** An empty repository location on which {@link Backend#create()} has been called. */
    protected abstract Backend backend();

    /** Whether the server refuses to replace an existing file; when false, that test is skipped with this note. */
    protected boolean rejectsOverwrite() {
        return true;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** {@code content} as a source that claims to hold {@code length} bytes: a save must fail, not store it. */
    public static ByteSource announcing(long length, byte[] content) {
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(content);
            }
        };
    }

    /** A handle named, as real repository files are, by the hash of its content. */
    protected static FileHandle handleFor(FileType type, byte[] content) {
        return FileHandle.of(type, Id.hash(content));
    }

    protected static Map<String, Long> listed(Backend backend, FileType type) throws IOException {
        Map<String, Long> names = new TreeMap<>();
        backend.list(type, info -> names.put(info.handle().name(), info.size()));
        return names;
    }

    @Test
    void anEmptyLocationHasNoRepositoryAndCreateIsIdempotent() throws IOException {
        Backend backend = backend();
        assertFalse(backend.exists());
        backend.create();
        assertFalse(backend.exists());
        for (FileType type : FileType.values()) assertEquals(Map.of(), listed(backend, type), type.cliName());
    }

    @Test
    void savedFilesLoadWholeAndInRanges() throws IOException {
        Backend backend = backend();
        byte[] pack = random(200_000, 1);
        FileHandle handle = handleFor(FileType.PACK, pack);
        backend.save(handle, ByteSource.of(pack));

        assertArrayEquals(pack, backend.load(handle));
        assertArrayEquals(Arrays.copyOfRange(pack, 6, 12), backend.loadRange(handle, 6, 6));
        assertArrayEquals(Arrays.copyOfRange(pack, 150_000, 200_000), backend.loadRange(handle, 150_000, 50_000));
        try (InputStream tail = backend.openRange(handle, 199_990, 0)) {
            assertArrayEquals(Arrays.copyOfRange(pack, 199_990, 200_000), tail.readAllBytes());
        }
        assertEquals(new FileInfo(handle, 200_000), backend.stat(handle));
    }

    @Test
    void anEmptyFileIsSavedAndLoaded() throws IOException {
        Backend backend = backend();
        FileHandle handle = handleFor(FileType.INDEX, new byte[0]);
        backend.save(handle, ByteSource.of(new byte[0]));
        assertArrayEquals(new byte[0], backend.load(handle));
        assertEquals(0, backend.stat(handle).size());
    }

    @Test
    void aRangeBeyondTheEndFails() throws IOException {
        Backend backend = backend();
        byte[] content = bytes("twelve bytes");
        FileHandle handle = handleFor(FileType.SNAPSHOT, content);
        backend.save(handle, ByteSource.of(content));
        assertThrows(IOException.class, () -> backend.loadRange(handle, 6, 20));
        assertThrows(IOException.class, () -> backend.loadRange(handle, 100, 1));
    }

    @Test
    void missingFilesAreNoSuchFile() {
        Backend backend = backend();
        FileHandle missing = handleFor(FileType.SNAPSHOT, bytes("never saved"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> backend.load(missing));
        assertTrue(e.getMessage().contains(missing.path()), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> backend.stat(missing));
        assertThrows(NoSuchFileException.class, () -> backend.loadRange(missing, 0, 1));
    }

    @Test
    void listingReturnsEachTypesFilesWithSizesAndSkipsOthers() throws IOException {
        Backend backend = backend();
        assertEquals(Map.of(), listed(backend, FileType.CONFIG), "no config yet: an empty listing");
        byte[] key = bytes("{\"key\":1}");
        byte[] snapshot = bytes("snapshot");
        byte[] pack1 = random(1000, 2);
        byte[] pack2 = random(2000, 3);
        backend.save(handleFor(FileType.KEY, key), ByteSource.of(key));
        backend.save(handleFor(FileType.SNAPSHOT, snapshot), ByteSource.of(snapshot));
        backend.save(handleFor(FileType.PACK, pack1), ByteSource.of(pack1));
        backend.save(handleFor(FileType.PACK, pack2), ByteSource.of(pack2));
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config")));

        assertEquals(Map.of(Id.hash(key).toString(), (long) key.length), listed(backend, FileType.KEY));
        assertEquals(Map.of(Id.hash(snapshot).toString(), (long) snapshot.length), listed(backend, FileType.SNAPSHOT));
        assertEquals(Map.of(Id.hash(pack1).toString(), 1000L, Id.hash(pack2).toString(), 2000L),
                listed(backend, FileType.PACK));
        assertEquals(Map.of("config", 6L), listed(backend, FileType.CONFIG));
        assertEquals(Map.of(), listed(backend, FileType.LOCK));
        assertTrue(backend.exists());
    }

    @Test
    void removeDeletesAndRemovingAMissingFileIsNoError() throws IOException {
        Backend backend = backend();
        byte[] lock = bytes("lock");
        FileHandle handle = handleFor(FileType.LOCK, lock);
        backend.save(handle, ByteSource.of(lock));
        backend.remove(handle);
        assertThrows(NoSuchFileException.class, () -> backend.stat(handle));
        assertEquals(Map.of(), listed(backend, FileType.LOCK));
        backend.remove(handle);
    }

    @Test
    void savingAnExistingFileIsRejectedAndKeepsTheOriginal() throws IOException {
        assumeTrue(rejectsOverwrite(), "this server replaces existing files; the backend does not check first");
        Backend backend = backend();
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("original")));
        assertThrows(FileAlreadyExistsException.class,
                () -> backend.save(FileHandle.CONFIG, ByteSource.of(bytes("replacement"))));
        assertArrayEquals(bytes("original"), backend.load(FileHandle.CONFIG));
    }

    @Test
    void saveAnnouncingTheWrongLengthStoresNothing() throws IOException {
        Backend backend = backend();
        byte[] content = random(5000, 4);
        FileHandle handle = handleFor(FileType.PACK, content);
        assertThrows(Exception.class, () -> backend.save(handle, announcing(content.length + 10, content)));
        assertEventuallyAbsent(backend, handle);
    }

    /**
     * Fails unless {@code handle} is gone within a few seconds. A server that writes an upload in place (rclone's
     * local store) creates the file before the body arrives and deletes it only after it sees the connection
     * drop, which may be just after the client has already reported the failure.
     */
    private static void assertEventuallyAbsent(Backend backend, FileHandle handle) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                FileInfo left = backend.stat(handle);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("a failed save left " + handle + " (" + left.size() + " bytes) stored");
                }
            } catch (NoSuchFileException gone) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + handle + " to go", e);
            }
        }
    }
}

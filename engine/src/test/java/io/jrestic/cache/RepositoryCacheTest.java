package io.jrestic.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryCacheTest {
    private static final String REPO_ID = "381e88ec202897e67d8a5b009e25bd2dae05fc12641dbcdcd25d2bdd10e0d990";

    @TempDir
    Path base;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static FileHandle handleOf(FileType type, byte[] content) {
        return FileHandle.of(type, Id.hash(content));
    }

    @Test
    void opensWithResticsLayoutTagAndVersion() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        assertTrue(cache.created());
        assertEquals(base.resolve(REPO_ID), cache.directory());
        assertEquals("Signature: 8a477f597d28d172789f06886806bc55\n", Files.readString(base.resolve("CACHEDIR.TAG")));
        assertEquals("1", Files.readString(cache.directory().resolve("version")));
        for (String dir : new String[] {"snapshots", "index", "data"}) assertTrue(Files.isDirectory(cache.directory().resolve(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.directory())));
        assertFalse(RepositoryCache.open(base, REPO_ID).created(), "the second open finds the directory");
    }

    @Test
    void filesLiveInTwoHexDigitSubdirectoriesOfTheirType() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        String id = "ee86a788a56c99554b10fa1c281949fb6c0f9bea4ce79944809da2b6def000bb";
        assertEquals(base.resolve(REPO_ID + "/snapshots/ee/" + id), cache.path(new FileHandle(FileType.SNAPSHOT, id)));
        assertEquals(base.resolve(REPO_ID + "/index/ee/" + id), cache.path(new FileHandle(FileType.INDEX, id)));
        assertEquals(base.resolve(REPO_ID + "/data/ee/" + id), cache.path(new FileHandle(FileType.PACK, id)));
        assertThrows(IllegalArgumentException.class, () -> cache.path(new FileHandle(FileType.KEY, id)));
    }

    @Test
    void refusesACacheWrittenByANewerLayout() throws IOException {
        Files.createDirectories(base.resolve(REPO_ID));
        Files.writeString(base.resolve(REPO_ID).resolve("version"), "2");
        IOException e = assertThrows(IOException.class, () -> RepositoryCache.open(base, REPO_ID));
        assertTrue(e.getMessage().contains("cache version 2 is newer"), e.getMessage());
    }

    @Test
    void savedFilesReadBackAndAreNamedByTheirHash() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        byte[] content = bytes("an encrypted snapshot file");
        FileHandle h = handleOf(FileType.SNAPSHOT, content);
        assertNull(cache.load(h));
        cache.save(h, new ByteArrayInputStream(content));
        assertArrayEquals(content, cache.load(h));
        assertEquals(Set.of(h.name()), cache.names(FileType.SNAPSHOT));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.path(h))));
    }

    @Test
    void contentThatDoesNotMatchItsNameIsNotStored() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        FileHandle h = handleOf(FileType.INDEX, bytes("what the name promises"));
        IOException e = assertThrows(IOException.class, () -> cache.save(h, new ByteArrayInputStream(bytes("other"))));
        assertTrue(e.getMessage().contains("index/"), e.getMessage());
        assertFalse(Files.exists(cache.path(h)));
        try (var files = Files.list(cache.path(h).getParent())) {
            assertEquals(0, files.count(), "the temporary file is gone too");
        }
    }

    @Test
    void aDamagedCachedFileIsDeletedAndReportedAsAbsent() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        byte[] content = bytes("index file");
        FileHandle h = handleOf(FileType.INDEX, content);
        cache.save(h, new ByteArrayInputStream(content));
        Files.write(cache.path(h), bytes("index fil"));
        assertNull(cache.load(h));
        assertFalse(Files.exists(cache.path(h)));
    }

    @Test
    void aPackIsHashedOnFirstUseAndADamagedOneIsDeleted() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        byte[] content = bytes("pack bytes ".repeat(100));
        FileHandle h = handleOf(FileType.PACK, content);
        Path path = cache.path(h);
        Files.createDirectories(path.getParent());
        Files.write(path, content); // written by another process (stock restic): not yet verified here
        assertEquals(path, cache.verified(h));
        assertArrayEquals(bytes("pack"), RepositoryCache.readRange(path, 0, 4));

        RepositoryCache fresh = RepositoryCache.open(base, REPO_ID);
        Files.write(path, bytes("truncated"));
        assertNull(fresh.verified(h));
        assertFalse(Files.exists(path));
    }

    @Test
    void readingBeyondTheEndOfACachedFileFails() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        byte[] content = bytes("0123456789");
        FileHandle h = handleOf(FileType.PACK, content);
        cache.save(h, new ByteArrayInputStream(content));
        assertThrows(IOException.class, () -> RepositoryCache.readRange(cache.path(h), 8, 4));
    }

    @Test
    void retainOnlyRemovesWhatTheRepositoryNoLongerListsAndStaleTemporaryFiles() throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, REPO_ID);
        byte[] kept = bytes("kept");
        byte[] gone = bytes("gone");
        cache.save(handleOf(FileType.SNAPSHOT, kept), new ByteArrayInputStream(kept));
        cache.save(handleOf(FileType.SNAPSHOT, gone), new ByteArrayInputStream(gone));
        Path dir = cache.path(handleOf(FileType.SNAPSHOT, kept)).getParent();
        Path stale = Files.writeString(dir.resolve("tmp-123"), "half a file");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path recent = Files.writeString(dir.resolve("tmp-456"), "being written");

        cache.retainOnly(FileType.SNAPSHOT, Set.of(Id.hash(kept).toString()));

        assertEquals(Set.of(Id.hash(kept).toString()), cache.names(FileType.SNAPSHOT));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(recent), "another process may still be writing it");
    }

    @Test
    void rejectsARepositoryIdThatIsNotAnId() {
        assertThrows(IllegalArgumentException.class, () -> RepositoryCache.open(base, "../elsewhere"));
    }
}

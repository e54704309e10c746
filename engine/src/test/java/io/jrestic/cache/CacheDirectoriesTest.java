package io.jrestic.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoriesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String OLD_ID = "a".repeat(64);
    private static final String FRESH_ID = "B".repeat(64);

    @TempDir
    Path base;

    private Path cacheDirectory(String name, Duration unusedFor) throws IOException {
        Path dir = Files.createDirectories(base.resolve(name));
        Files.write(Files.createDirectories(dir.resolve("snapshots/ab")).resolve("x"), new byte[100]);
        Files.setLastModifiedTime(dir, FileTime.from(NOW.minus(unusedFor)));
        return dir;
    }

    @Test
    void onlyDirectoriesNamedAsResticNamesCachesAreCachesLeastRecentlyUsedFirst() throws IOException {
        cacheDirectory(FRESH_ID, Duration.ofDays(1));
        cacheDirectory(OLD_ID, Duration.ofDays(31));
        cacheDirectory("restic-check-cache-123", Duration.ofDays(2));
        Files.createDirectory(base.resolve("photos"));
        Files.createDirectory(base.resolve("c".repeat(63)));
        Files.writeString(base.resolve("d".repeat(64)), "a file, not a cache");
        Files.writeString(base.resolve(RepositoryCache.TAG_FILE), RepositoryCache.TAG_SIGNATURE);

        List<String> names = CacheDirectories.all(base).stream().map(CacheDirectories.Entry::name).toList();
        assertEquals(List.of(OLD_ID, "restic-check-cache-123", FRESH_ID), names);
    }

    @Test
    void aCacheUnusedForMoreThanThirtyDaysIsOld() throws IOException {
        cacheDirectory(OLD_ID, Duration.ofDays(30).plusSeconds(1));
        cacheDirectory(FRESH_ID, Duration.ofDays(30).minusSeconds(1));
        List<CacheDirectories.Entry> old = CacheDirectories.olderThan(base, CacheDirectories.MAX_AGE, NOW);
        assertEquals(List.of(OLD_ID), old.stream().map(CacheDirectories.Entry::name).toList());
        assertEquals(List.of(), CacheDirectories.olderThan(base, Duration.ofDays(31), NOW));
    }

    @Test
    void aMissingBaseHasNoCaches() throws IOException {
        assertEquals(List.of(), CacheDirectories.all(base.resolve("missing")));
    }

    @Test
    void removingACacheDeletesItsFilesButNeverFollowsALinkOutOfIt() throws IOException {
        Path outside = Files.writeString(Files.createDirectory(base.resolve("keep")).resolve("precious"), "mine");
        Path old = cacheDirectory(OLD_ID, Duration.ofDays(40));
        Files.createSymbolicLink(old.resolve("link"), outside.getParent());
        CacheDirectories.Entry entry = CacheDirectories.all(base).getFirst();
        assertEquals(100 + outside.getParent().toString().length(), entry.size(), "the file and the link itself");

        entry.remove();

        assertTrue(Files.notExists(old));
        assertEquals("mine", Files.readString(outside));
        assertEquals(List.of(), CacheDirectories.all(base));
    }
}

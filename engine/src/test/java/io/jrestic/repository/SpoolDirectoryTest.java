package io.jrestic.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where packs are spooled: a private directory, cleared of what killed processes left behind. */
class SpoolDirectoryTest {
    @Test
    void isAPrivateDirectoryOfThisUser() throws Exception {
        Path dir = SpoolDirectory.ofCurrentUser();
        assertTrue(Files.isDirectory(dir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(dir, SpoolDirectory.ofCurrentUser(), "the same directory every time");
    }

    @Test
    void staleSpoolFilesAreRemovedOthersKept(@TempDir Path dir) throws Exception {
        Path stale = Files.writeString(dir.resolve("jrestic-pack-1.tmp"), "old");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(SpoolDirectory.STALE_AFTER).minusSeconds(60)));
        Path fresh = Files.writeString(dir.resolve("jrestic-pack-2.tmp"), "in use");
        Path foreign = Files.writeString(dir.resolve("other.tmp"), "not ours");
        Files.setLastModifiedTime(foreign, FileTime.from(Instant.EPOCH));
        SpoolDirectory.removeStale(dir, Instant.now().minus(SpoolDirectory.STALE_AFTER));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(foreign));
    }
}

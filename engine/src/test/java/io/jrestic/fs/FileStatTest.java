package io.jrestic.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileStatTest {
    @Test
    void makedevEncodesLikeGlibc() {
        // Values from glibc's makedev (Python's os.makedev calls it).
        assertEquals(0x103L, FileStat.makedev(1, 3));
        assertEquals(0x100010301L, FileStat.makedev(259, 0x100001));
        assertEquals(0x12006789345abL, FileStat.makedev(0x12345, 0x6789ab));
    }

    @Test
    void majorAndMinorInvertMakedev() {
        long dev = FileStat.makedev(0xfffff, 0xffffffffL);
        assertEquals(0xfffffL, FileStat.major(dev));
        assertEquals(0xffffffffL, FileStat.minor(dev));
        assertEquals(259, FileStat.major(0x100010301L));
        assertEquals(0x100001, FileStat.minor(0x100010301L));
    }

    @Test
    void typeAndPermissionsSplitTheMode() {
        Instant t = Instant.EPOCH;
        FileStat dir = new FileStat(FileStat.S_IFDIR | 01755, 1, 2, 0, 2, 0, 0, 4096, 8, t, t, t);
        assertTrue(dir.isDirectory());
        assertFalse(dir.isRegularFile());
        assertFalse(dir.isSymbolicLink());
        assertEquals(FileStat.S_IFDIR, dir.type());
        assertEquals(01755, dir.permissions());
    }
}

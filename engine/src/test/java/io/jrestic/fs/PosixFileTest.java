package io.jrestic.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixFileTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private byte[] at(String name) {
        return Posix.path(tmp.resolve(name).toString());
    }

    @Test
    void writesAtOffsetsThenTruncateLeaveHoles() throws IOException {
        byte[] head = filled(4096, (byte) 'h');
        byte[] middle = filled(4096, (byte) 'm');
        try (PosixFile f = PosixFile.openForWriting(at("sparse"), 0644)) {
            f.write(middle, 0, middle.length, 8L * MIB); // out of order, as concurrent blob writers do
            f.write(head, 0, head.length, 0);
            f.truncate(16L * MIB);
            f.sync();
            FileStat st = f.stat();
            assertEquals(16L * MIB, st.size());
            assertTrue(st.blocks() * 512 < st.size(), "allocated " + st.blocks() * 512 + " of " + st.size());
        }
        byte[] all = Files.readAllBytes(tmp.resolve("sparse"));
        assertArrayEquals(head, Arrays.copyOfRange(all, 0, 4096));
        assertArrayEquals(middle, Arrays.copyOfRange(all, 8 * MIB, 8 * MIB + 4096));
        assertArrayEquals(new byte[8 * MIB - 4096], Arrays.copyOfRange(all, 4096, 8 * MIB)); // the hole reads zeros
        assertEquals(16L * MIB, Posix.lstat(at("sparse")).size());
    }

    @Test
    void writesLongerThanTheStagingBufferAndReadsAtPositions() throws IOException {
        byte[] content = new byte[2 * MIB + 12_345];
        new Random(7).nextBytes(content);
        try (PosixFile f = PosixFile.open(at("big"), Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL, 0600)) {
            f.write(content, 5, content.length - 5, 100);
            byte[] back = new byte[1000];
            assertEquals(1000, f.read(back, 0, 1000, 100 + MIB));
            assertArrayEquals(Arrays.copyOfRange(content, 5 + MIB, 5 + MIB + 1000), back);
            assertEquals(-1, f.read(back, 0, 10, 100 + content.length - 5));
        }
        byte[] all = Files.readAllBytes(tmp.resolve("big"));
        assertEquals(100 + content.length - 5, all.length);
        assertArrayEquals(Arrays.copyOfRange(content, 5, content.length), Arrays.copyOfRange(all, 100, all.length));
        assertThrows(FileAlreadyExistsException.class,
                () -> PosixFile.open(at("big"), Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL, 0600));
    }

    @Test
    void writesFromNativeMemory() throws IOException {
        try (Arena arena = Arena.ofConfined(); PosixFile f = PosixFile.openForWriting(at("n"), 0600)) {
            MemorySegment src = arena.allocate(3);
            src.set(ValueLayout.JAVA_BYTE, 0, (byte) 'a');
            src.set(ValueLayout.JAVA_BYTE, 1, (byte) 'b');
            src.set(ValueLayout.JAVA_BYTE, 2, (byte) 'c');
            f.write(src, 2);
        }
        assertArrayEquals(new byte[] {0, 0, 'a', 'b', 'c'}, Files.readAllBytes(tmp.resolve("n")));
    }

    @Test
    void setsMetadataThroughTheOpenDescriptorWhileItIsStillWritable() throws IOException {
        java.time.Instant atime = java.time.Instant.parse("2001-02-03T04:05:06.123456789Z");
        java.time.Instant mtime = java.time.Instant.parse("2011-12-13T14:15:16.987654321Z");
        try (PosixFile f = PosixFile.openForWriting(at("m"), 0600)) {
            f.write(new byte[] {1, 2, 3}, 0, 3, 0);
            f.chown(Identity.getuid(), Identity.getgid()); // to oneself: allowed without root
            f.chmod(0444); // read-only, yet the open descriptor keeps writing
            f.write(new byte[] {4}, 0, 1, 3);
            f.setTimes(atime, mtime);
        }
        FileStat st = Posix.lstat(at("m"));
        assertEquals(0444, st.mode() & 07777);
        assertEquals(4, st.size());
        assertEquals(atime, st.atime());
        assertEquals(mtime, st.mtime());
    }

    @Test
    void setsExtendedAttributesThroughTheDescriptor() throws IOException {
        try (PosixFile f = PosixFile.openForWriting(at("x"), 0600)) {
            try {
                f.setXattr(Posix.path("user.jrestic"), Posix.path("v"));
            } catch (ErrnoException e) {
                org.junit.jupiter.api.Assumptions.assumeTrue(e.errno() != ErrnoException.EOPNOTSUPP, "no user xattrs here");
                throw e;
            }
        }
        assertArrayEquals(Posix.path("v"), Posix.getXattr(at("x"), Posix.path("user.jrestic")));
    }

    @Test
    void openForWritingRefusesSymlinks() throws IOException {
        Posix.symlink(Posix.path("elsewhere"), at("link"));
        ErrnoException e = assertThrows(ErrnoException.class, () -> PosixFile.openForWriting(at("link"), 0600));
        assertEquals(ErrnoException.ELOOP, e.errno());
    }

    @Test
    void rawDescriptorCalls() throws IOException {
        int fd = Posix.open(at("raw"), Posix.O_RDWR | Posix.O_CREAT | Posix.O_CLOEXEC, 0600);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4);
            buf.set(ValueLayout.JAVA_INT, 0, 0x01020304);
            assertEquals(4, Posix.pwrite(fd, buf, 0));
            Posix.fadvise(fd, 0, 0, Posix.POSIX_FADV_SEQUENTIAL);
            MemorySegment in = arena.allocate(8);
            assertEquals(4, Posix.pread(fd, in, 0));
            assertEquals(4, Posix.read(fd, in)); // the file position is still 0 after pwrite/pread
            assertEquals(0, Posix.read(fd, in));
            Posix.ftruncate(fd, 2);
            Posix.fsync(fd);
            assertEquals(2, Posix.fstat(fd).size());
        } finally {
            Posix.close(fd);
        }
        ErrnoException e = assertThrows(ErrnoException.class, () -> Posix.close(fd));
        assertEquals("close fd " + fd + ": bad file descriptor", e.getMessage());
    }

    private static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }
}

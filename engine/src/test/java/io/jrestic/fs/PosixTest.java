package io.jrestic.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {
    /** "raw" + 0xFE: the non-UTF-8 name of spec §10.4 / §10.9(b). */
    private static final byte[] RAW_FE = {'r', 'a', 'w', (byte) 0xfe};

    @TempDir
    Path tmp;
    byte[] dir;

    @BeforeEach
    void setUp() {
        dir = Posix.path(tmp.toString());
    }

    private byte[] at(String name) {
        return Posix.join(dir, Posix.path(name));
    }

    private void createFile(byte[] path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (PosixFile f = PosixFile.openForWriting(path, 0644)) {
            f.write(bytes, 0, bytes.length, 0);
        }
    }

    private static boolean isRoot() {
        return Identity.getuid() == 0;
    }

    @Test
    void joinAddsOneSlash() {
        assertArrayEquals(Posix.path("a/b"), Posix.join(Posix.path("a"), Posix.path("b")));
        assertArrayEquals(Posix.path("/b"), Posix.join(Posix.path("/"), Posix.path("b")));
        assertArrayEquals(Posix.path("b"), Posix.join(new byte[0], Posix.path("b")));
    }

    @Test
    void nonUtf8NamesAreListedByteExactly() throws IOException {
        byte[] invalidDir = {(byte) 0xc0, (byte) 0xaf, 'd'}; // an overlong '/': never valid UTF-8
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
        createFile(Posix.join(dir, RAW_FE), "x");
        Posix.mkdir(Posix.join(dir, invalidDir), 0755);
        Posix.symlink(Posix.path("target"), Posix.join(dir, latin1));
        createFile(at("plain.txt"), "y");

        List<String> listed = new ArrayList<>();
        for (byte[] name : Posix.listDirectory(dir)) listed.add(HexFormat.of().formatHex(name));
        listed.sort(null);
        List<String> expected = new ArrayList<>();
        for (byte[] name : List.of(RAW_FE, invalidDir, latin1, Posix.path("plain.txt"))) {
            expected.add(HexFormat.of().formatHex(name));
        }
        expected.sort(null);
        assertEquals(expected, listed);
        assertTrue(Posix.lstat(Posix.join(dir, invalidDir)).isDirectory());
    }

    @Test
    void listingManyEntriesSpansSeveralReads() throws IOException {
        // 600 entries of ~40-byte records exceed one 32 KiB getdents64 buffer.
        for (int i = 0; i < 600; i++) Posix.mkfifo(at("fifo-with-a-longish-name-" + i), 0600);
        assertEquals(600, Posix.listDirectory(dir).size());
    }

    @Test
    void emptyDirectoryListsNothing() throws IOException {
        Posix.mkdir(at("empty"), 0700);
        assertEquals(List.of(), Posix.listDirectory(at("empty")));
    }

    @Test
    void lstatAgreesWithJavaNioForFileDirectoryAndSymlink() throws IOException {
        createFile(at("file"), "hello, world");
        Posix.mkdir(at("dir"), 0750);
        Posix.symlink(Posix.path("file"), at("link"));
        Files.setLastModifiedTime(tmp.resolve("file"), FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 123_456_789)));

        for (String name : List.of("file", "dir", "link")) {
            FileStat st = Posix.lstat(at(name));
            Map<String, Object> unix = Files.readAttributes(tmp.resolve(name), "unix:*", LinkOption.NOFOLLOW_LINKS);
            assertEquals(unix.get("mode"), st.mode(), name);
            assertEquals(unix.get("ino"), st.ino(), name);
            assertEquals(unix.get("dev"), st.dev(), name);
            assertEquals(((Integer) unix.get("nlink")).longValue(), st.nlink(), name);
            assertEquals(((Integer) unix.get("uid")).longValue(), st.uid(), name);
            assertEquals(((Integer) unix.get("gid")).longValue(), st.gid(), name);
            assertEquals(unix.get("size"), st.size(), name);
            assertEquals(((FileTime) unix.get("lastModifiedTime")).toInstant(), st.mtime(), name);
            assertEquals(((FileTime) unix.get("ctime")).toInstant(), st.ctime(), name);
        }
        assertEquals(Instant.ofEpochSecond(1_600_000_000L, 123_456_789), Posix.lstat(at("file")).mtime());
        assertTrue(Posix.lstat(at("file")).isRegularFile());
        assertEquals(0750, Posix.lstat(at("dir")).permissions());
        FileStat link = Posix.lstat(at("link"));
        assertTrue(link.isSymbolicLink());
        assertEquals(4, link.size()); // the length of the target "file"
        assertTrue(Posix.stat(at("link")).isRegularFile());
    }

    @Test
    void symlinkTargetRoundTripsRawBytes() throws IOException {
        byte[] target = {'b', 'a', 'd', (byte) 0xff, 'n', 'a', 'm', 'e'};
        Posix.symlink(target, Posix.join(dir, RAW_FE));
        assertArrayEquals(target, Posix.readlink(Posix.join(dir, RAW_FE)));
    }

    @Test
    void readlinkOfLongTarget() throws IOException {
        byte[] target = Posix.path("x/".repeat(2047) + "y"); // 4095 bytes: the longest target Linux allows
        Posix.symlink(target, at("long"));
        assertArrayEquals(target, Posix.readlink(at("long")));
    }

    @Test
    void mkfifoCreatesANamedPipe() throws IOException {
        Posix.mkfifo(at("pipe"), 0640);
        FileStat st = Posix.lstat(at("pipe"));
        assertEquals(FileStat.S_IFIFO, st.type());
        assertEquals(0, st.permissions() & ~0640); // the umask may clear bits, never add them
    }

    @Test
    void mknodCreatesACharacterDevice() throws IOException {
        assumeTrue(isRoot(), "mknod of a device needs root");
        long dev = FileStat.makedev(1, 3);
        try {
            Posix.mknod(at("null"), FileStat.S_IFCHR | 0644, dev);
        } catch (AccessDeniedException e) {
            assumeTrue(false, "no CAP_MKNOD here: " + e.getMessage());
        }
        FileStat st = Posix.lstat(at("null"));
        assertEquals(FileStat.S_IFCHR, st.type());
        assertEquals(dev, st.rdev());
        assertEquals(1, FileStat.major(st.rdev()));
        assertEquals(3, FileStat.minor(st.rdev()));
        Map<String, Object> unix = Files.readAttributes(tmp.resolve("null"), "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        assertEquals(unix.get("rdev"), st.rdev());
    }

    @Test
    void hardLinkSharesTheInode() throws IOException {
        createFile(at("a"), "shared");
        Posix.link(at("a"), at("b"));
        FileStat a = Posix.lstat(at("a"));
        FileStat b = Posix.lstat(at("b"));
        assertEquals(a.ino(), b.ino());
        assertEquals(2, a.nlink());
        assertEquals(2, b.nlink());
    }

    @Test
    void setTimesKeepsNanoseconds() throws IOException {
        createFile(at("f"), "t");
        Instant atime = Instant.ofEpochSecond(1_000_000_000L, 1);
        Instant mtime = Instant.ofEpochSecond(1_700_000_000L, 999_999_999);
        Posix.setTimes(at("f"), atime, mtime, false);
        FileStat st = Posix.lstat(at("f"));
        assertEquals(atime, st.atime());
        assertEquals(mtime, st.mtime());

        Posix.setTimes(at("f"), null, Instant.ofEpochSecond(5, 5), false); // null leaves atime alone
        assertEquals(atime, Posix.lstat(at("f")).atime());
        assertEquals(Instant.ofEpochSecond(5, 5), Posix.lstat(at("f")).mtime());
    }

    @Test
    void setTimesWithNoFollowChangesTheLinkNotItsTarget() throws IOException {
        createFile(at("target"), "t");
        Posix.symlink(Posix.path("target"), at("link"));
        Instant targetMtime = Posix.lstat(at("target")).mtime();
        Instant linkMtime = Instant.ofEpochSecond(1_234_567_890L, 123_456_789);
        Posix.setTimes(at("link"), linkMtime, linkMtime, true);
        assertEquals(linkMtime, Posix.lstat(at("link")).mtime());
        assertEquals(linkMtime, Posix.lstat(at("link")).atime());
        assertEquals(targetMtime, Posix.lstat(at("target")).mtime());
    }

    @Test
    void lchownChangesTheLinkItself() throws IOException {
        assumeTrue(isRoot(), "chown to another user needs root");
        createFile(at("f"), "o");
        Posix.symlink(Posix.path("f"), at("link"));
        Posix.lchown(at("f"), 1234, 5678);
        Posix.lchown(at("link"), 4321, 8765);
        assertEquals(1234, Posix.lstat(at("f")).uid());
        assertEquals(5678, Posix.lstat(at("f")).gid());
        assertEquals(4321, Posix.lstat(at("link")).uid());
        assertEquals(8765, Posix.lstat(at("link")).gid());
        Posix.lchown(at("f"), 0xffffffffL, 42); // -1 keeps the owner
        assertEquals(1234, Posix.lstat(at("f")).uid());
        assertEquals(42, Posix.lstat(at("f")).gid());
    }

    @Test
    void chmodSetsSpecialBitsAndLeavesSymlinksAlone() throws IOException {
        createFile(at("f"), "m");
        Posix.chmod(at("f"), 04751);
        assertEquals(04751, Posix.lstat(at("f")).permissions());
        Posix.symlink(Posix.path("f"), at("link"));
        Posix.chmod(at("link"), 0600);
        assertEquals(04751, Posix.lstat(at("f")).permissions()); // not followed
        assertEquals(0777, Posix.lstat(at("link")).permissions());
    }

    @Test
    void userXattrsAreListedAndRead() throws IOException {
        createFile(at("f"), "x");
        byte[] binary = {0, (byte) 0xff, 1, (byte) 0xfe};
        try {
            Posix.setXattr(at("f"), Posix.path("user.first"), binary);
        } catch (ErrnoException e) {
            assumeTrue(e.errno() != ErrnoException.EOPNOTSUPP, "no xattrs on " + tmp);
            throw e;
        }
        Posix.setXattr(at("f"), Posix.path("user.second"), new byte[0]);
        Posix.setXattr(at("f"), Posix.path("user.first"), Posix.path("replaced"));

        List<String> names = new ArrayList<>();
        for (byte[] name : Posix.listXattrs(at("f"))) names.add(new String(name, StandardCharsets.UTF_8));
        assertTrue(names.containsAll(List.of("user.first", "user.second")), names.toString());
        assertArrayEquals(Posix.path("replaced"), Posix.getXattr(at("f"), Posix.path("user.first")));
        assertArrayEquals(new byte[0], Posix.getXattr(at("f"), Posix.path("user.second")));
        assertNull(Posix.getXattr(at("f"), Posix.path("user.missing")));
    }

    @Test
    void xattrsOfAFileWithoutAnyAreEmpty() throws IOException {
        Posix.mkfifo(at("p"), 0600);
        assertFalse(Posix.listXattrs(at("p")).stream()
                .anyMatch(n -> new String(n, StandardCharsets.UTF_8).startsWith("user.")));
    }

    @Test
    void missingFileIsNoSuchFileExceptionNamingThePath() {
        byte[] missing = Posix.join(dir, RAW_FE);
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Posix.lstat(missing));
        assertEquals("lstat " + tmp + "/raw\\xfe: no such file or directory", e.getMessage());
        assertThrows(NoSuchFileException.class, () -> PosixFileInputStream.open(missing));
        assertThrows(NoSuchFileException.class, () -> Posix.listDirectory(missing));
    }

    @Test
    void errnosMapToJavaNioExceptions() throws IOException {
        Posix.mkdir(at("d"), 0755);
        createFile(at("d/f"), "");
        FileAlreadyExistsException exists = assertThrows(FileAlreadyExistsException.class,
                () -> Posix.mkdir(at("d"), 0755));
        assertEquals("mkdir " + tmp + "/d: file exists", exists.getMessage());
        assertThrows(DirectoryNotEmptyException.class, () -> Posix.rmdir(at("d")));
        assertThrows(NotDirectoryException.class, () -> Posix.listDirectory(at("d/f")));
        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> Posix.link(at("d"), at("d2"))); // hard links to directories: EPERM
        assertEquals("link " + tmp + "/d " + tmp + "/d2: operation not permitted", denied.getMessage());
    }

    @Test
    void otherErrnosAreErrnoExceptions() throws IOException {
        Posix.symlink(Posix.path("x"), at("link"));
        ErrnoException loop = assertThrows(ErrnoException.class, () -> PosixFileInputStream.open(at("link")));
        assertEquals(ErrnoException.ELOOP, loop.errno());
        assertEquals("open " + tmp + "/link: too many levels of symbolic links", loop.getMessage());
    }

    @Test
    void fullDeviceReportsNoSpaceLeft() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        try (PosixFile full = PosixFile.open(Posix.path("/dev/full"), Posix.O_WRONLY, 0)) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> full.write(new byte[10], 0, 10, 0));
            assertEquals(ErrnoException.ENOSPC, e.errno());
            assertEquals("write /dev/full: no space left on device", e.getMessage());
        }
    }

    @Test
    void controlCharactersInPathsAreEscapedInMessages() {
        byte[] odd = Posix.join(dir, new byte[] {'a', '\n', 'b', '\\', 'c'});
        IOException e = assertThrows(IOException.class, () -> Posix.lstat(odd));
        assertEquals("lstat " + tmp + "/a\\x0ab\\\\c: no such file or directory", e.getMessage());
    }

    @Test
    void nulInAPathIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Posix.lstat(new byte[] {'a', 0, 'b'}));
    }

    @Test
    void unlinkAndRmdirRemove() throws IOException {
        createFile(at("f"), "");
        Posix.mkdir(at("d"), 0700);
        Posix.unlink(at("f"));
        Posix.rmdir(at("d"));
        assertEquals(List.of(), Posix.listDirectory(dir));
    }
}

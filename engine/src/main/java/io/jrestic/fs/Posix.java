package io.jrestic.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The POSIX file system calls backup and restore need, on raw byte paths. Nothing here follows a symbolic link
 * unless its name says so ({@link #stat}); every failure is an {@link IOException} with a one-line message
 * {@code "<operation> <path>: <reason>"} (see {@link ErrnoException#forCall} for the exception types). Safe for
 * concurrent use: each call allocates its own native memory.
 */
public final class Posix {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DIRECTORY = Libc.O_DIRECTORY;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_NOATIME = 01000000;
    public static final int O_CLOEXEC = 02000000;

    public static final int POSIX_FADV_NORMAL = 0;
    public static final int POSIX_FADV_SEQUENTIAL = 2;
    public static final int POSIX_FADV_DONTNEED = 4;

    // struct statx (include/uapi/linux/stat.h): the same layout on every architecture
    private static final long STATX_SIZE = 0x100;
    private static final long STX_NLINK = 0x10;
    private static final long STX_UID = 0x14;
    private static final long STX_GID = 0x18;
    private static final long STX_MODE = 0x1c; // u16
    private static final long STX_INO = 0x20;
    private static final long STX_SIZE = 0x28;
    private static final long STX_BLOCKS = 0x30;
    private static final long STX_ATIME = 0x40; // struct statx_timestamp { s64 tv_sec; u32 tv_nsec; s32 pad; }
    private static final long STX_CTIME = 0x60;
    private static final long STX_MTIME = 0x70;
    private static final long STX_RDEV_MAJOR = 0x80;
    private static final long STX_RDEV_MINOR = 0x84;
    private static final long STX_DEV_MAJOR = 0x88;
    private static final long STX_DEV_MINOR = 0x8c;
    private static final long TIMESTAMP_NSEC = 8;

    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
    private static final long DIRENT_RECLEN = 16;
    private static final long DIRENT_NAME = 19;
    private static final int DIRENT_BUFFER_SIZE = 32 * 1024;

    // struct timespec { s64 tv_sec; s64 tv_nsec; }, utimensat takes two: atime, mtime
    private static final long TIMESPEC_SIZE = 16;

    private static final int SYMLINK_BUFFER_SIZE = 4096;
    private static final byte[] EMPTY_PATH = new byte[0];

    private Posix() {
    }

    // ---------------------------------------------------------------- paths

    /** The UTF-8 bytes of {@code path}. */
    public static byte[] path(String path) {
        return path.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code dir + "/" + name}, without doubling a trailing slash of {@code dir}; an empty dir gives the name. */
    public static byte[] join(byte[] dir, byte[] name) {
        if (dir.length == 0) return name.clone();
        boolean slash = dir[dir.length - 1] == '/';
        byte[] joined = Arrays.copyOf(dir, dir.length + (slash ? 0 : 1) + name.length);
        if (!slash) joined[dir.length] = '/';
        System.arraycopy(name, 0, joined, joined.length - name.length, name.length);
        return joined;
    }

    // ---------------------------------------------------------------- metadata

    /** Metadata of {@code path} itself (a symbolic link is not followed). */
    public static FileStat lstat(byte[] path) throws IOException {
        return statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, "lstat", path);
    }

    /** Metadata of what {@code path} resolves to (symbolic links are followed). */
    public static FileStat stat(byte[] path) throws IOException {
        return statx(Libc.AT_FDCWD, path, 0, "stat", path);
    }

    /** Metadata of the open file {@code fd}. */
    public static FileStat fstat(int fd) throws IOException {
        return fstat(fd, fdName(fd));
    }

    static FileStat fstat(int fd, byte[] nameForErrors) throws IOException {
        return statx(fd, EMPTY_PATH, Libc.AT_EMPTY_PATH, "fstat", nameForErrors);
    }

    private static FileStat statx(int dirfd, byte[] path, int flags, String op, byte[] nameForErrors)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATX_SIZE, 8);
            if (Libc.statx(dirfd, Libc.cString(arena, path), flags, Libc.STATX_BASIC_STATS, buf) != 0) {
                throw failure(op, nameForErrors);
            }
            return new FileStat(
                    Short.toUnsignedInt(buf.get(JAVA_SHORT, STX_MODE)),
                    buf.get(JAVA_LONG, STX_INO),
                    FileStat.makedev(u32(buf, STX_DEV_MAJOR), u32(buf, STX_DEV_MINOR)),
                    FileStat.makedev(u32(buf, STX_RDEV_MAJOR), u32(buf, STX_RDEV_MINOR)),
                    u32(buf, STX_NLINK),
                    u32(buf, STX_UID),
                    u32(buf, STX_GID),
                    buf.get(JAVA_LONG, STX_SIZE),
                    buf.get(JAVA_LONG, STX_BLOCKS),
                    timestamp(buf, STX_ATIME),
                    timestamp(buf, STX_MTIME),
                    timestamp(buf, STX_CTIME));
        }
    }

    private static long u32(MemorySegment s, long offset) {
        return Integer.toUnsignedLong(s.get(JAVA_INT, offset));
    }

    private static Instant timestamp(MemorySegment s, long offset) {
        return Instant.ofEpochSecond(s.get(JAVA_LONG, offset), u32(s, offset + TIMESTAMP_NSEC));
    }

    // ---------------------------------------------------------------- directories

    /**
     * The names in directory {@code path}, raw, without "." and "..", in the order the file system returns them
     * (not sorted).
     */
    public static List<byte[]> listDirectory(byte[] path) throws IOException {
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(DIRENT_BUFFER_SIZE, 8);
            List<byte[]> names = new ArrayList<>();
            while (true) {
                long n = Libc.getdents64(fd, buf, DIRENT_BUFFER_SIZE);
                if (n < 0) {
                    if (Libc.errno() == ErrnoException.EINTR) continue;
                    throw failure("readdirent", path);
                }
                if (n == 0) return names;
                for (long pos = 0; pos < n; pos += Short.toUnsignedInt(buf.get(JAVA_SHORT, pos + DIRENT_RECLEN))) {
                    byte[] name = cStringAt(buf, pos + DIRENT_NAME);
                    if (!isDotOrDotDot(name)) names.add(name);
                }
            }
        } finally {
            Libc.close(fd);
        }
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return name.length == 1 && name[0] == '.' || name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    private static byte[] cStringAt(MemorySegment s, long offset) {
        long end = offset;
        while (s.get(JAVA_BYTE, end) != 0) end++;
        return s.asSlice(offset, end - offset).toArray(JAVA_BYTE);
    }

    /** Creates directory {@code path} with permission bits {@code mode} (masked by the umask). */
    public static void mkdir(byte[] path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.mkdir(Libc.cString(arena, path), mode) != 0) throw failure("mkdir", path);
        }
    }

    public static void rmdir(byte[] path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.rmdir(Libc.cString(arena, path)) != 0) throw failure("rmdir", path);
        }
    }

    /** Removes a file, symbolic link or special file (not a directory). */
    public static void unlink(byte[] path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.unlink(Libc.cString(arena, path)) != 0) throw failure("unlink", path);
        }
    }

    // ---------------------------------------------------------------- links and special files

    /** The target of symbolic link {@code path}, raw. */
    public static byte[] readlink(byte[] path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Libc.cString(arena, path);
            for (long size = SYMLINK_BUFFER_SIZE; ; size *= 2) {
                MemorySegment buf = arena.allocate(size);
                long n = Libc.readlink(cPath, buf, size);
                if (n < 0) throw failure("readlink", path);
                if (n < size) return buf.asSlice(0, n).toArray(JAVA_BYTE); // n == size may be truncated
            }
        }
    }

    /** Creates symbolic link {@code linkPath} pointing to {@code target}. */
    public static void symlink(byte[] target, byte[] linkPath) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.symlink(Libc.cString(arena, target), Libc.cString(arena, linkPath)) != 0) {
                throw ErrnoException.forCall("symlink", target, linkPath, Libc.errno());
            }
        }
    }

    /** Creates hard link {@code newPath} to {@code existing}. */
    public static void link(byte[] existing, byte[] newPath) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.link(Libc.cString(arena, existing), Libc.cString(arena, newPath)) != 0) {
                throw ErrnoException.forCall("link", existing, newPath, Libc.errno());
            }
        }
    }

    /** Creates a named pipe with permission bits {@code mode} (masked by the umask). */
    public static void mkfifo(byte[] path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.mkfifo(Libc.cString(arena, path), mode) != 0) throw failure("mkfifo", path);
        }
    }

    /**
     * Creates a special file; {@code mode} holds the type ({@link FileStat#S_IFCHR}, {@link FileStat#S_IFBLK},
     * …) and the permission bits, {@code dev} the device number as {@link FileStat#makedev} encodes it.
     */
    public static void mknod(byte[] path, int mode, long dev) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.mknod(Libc.cString(arena, path), mode, dev) != 0) throw failure("mknod", path);
        }
    }

    // ---------------------------------------------------------------- ownership, permissions, times

    /** Sets owner and group of {@code path} itself (not a link's target); -1 as {@code 0xffffffffL} keeps one. */
    public static void lchown(byte[] path, long uid, long gid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.lchown(Libc.cString(arena, path), toId(uid), toId(gid)) != 0) throw failure("lchown", path);
        }
    }

    static int toId(long id) {
        if (id < 0 || id > 0xffffffffL) throw new IllegalArgumentException("not a 32-bit user or group ID: " + id);
        return (int) id;
    }

    /**
     * Sets the permission bits (07777) of {@code path} without following a symbolic link. A symbolic link itself
     * is left alone: Linux ignores its permission bits and cannot change them.
     */
    public static void chmod(byte[] path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Libc.cString(arena, path);
            if (Libc.fchmodat(Libc.AT_FDCWD, cPath, mode, Libc.AT_SYMLINK_NOFOLLOW) == 0) return;
            if (Libc.errno() != ErrnoException.EOPNOTSUPP) throw failure("chmod", path);
            // glibc refuses symbolic links, and everything else too when /proc is missing (it chmods via
            // /proc/self/fd); only the latter needs the plain call.
            if (lstat(path).isSymbolicLink()) return;
            if (Libc.fchmodat(Libc.AT_FDCWD, cPath, mode, 0) != 0) throw failure("chmod", path);
        }
    }

    /**
     * Sets access and modification times with nanosecond precision; a {@code null} time is left unchanged.
     * With {@code noFollow} a symbolic link's own times are set, otherwise its target's.
     */
    public static void setTimes(byte[] path, Instant atime, Instant mtime, boolean noFollow) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = timespecs(arena, atime, mtime);
            int flags = noFollow ? Libc.AT_SYMLINK_NOFOLLOW : 0;
            if (Libc.utimensat(Libc.AT_FDCWD, Libc.cString(arena, path), times, flags) != 0) {
                throw failure("utimensat", path);
            }
        }
    }

    /** The {@code struct timespec[2]} utimensat takes. */
    static MemorySegment timespecs(Arena arena, Instant atime, Instant mtime) {
        MemorySegment times = arena.allocate(2 * TIMESPEC_SIZE, 8);
        putTimespec(times, 0, atime);
        putTimespec(times, TIMESPEC_SIZE, mtime);
        return times;
    }

    private static void putTimespec(MemorySegment s, long offset, Instant t) {
        s.set(JAVA_LONG, offset, t == null ? 0 : t.getEpochSecond());
        s.set(JAVA_LONG, offset + 8, t == null ? Libc.UTIME_OMIT : t.getNano());
    }

    // ---------------------------------------------------------------- extended attributes

    /**
     * The extended attribute names of {@code path} itself, raw, in the order the file system lists them; empty
     * when the file system does not support extended attributes.
     */
    public static List<byte[]> listXattrs(byte[] path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Libc.cString(arena, path);
            while (true) {
                long size = Libc.llistxattr(cPath, MemorySegment.NULL, 0);
                if (size < 0) {
                    if (Libc.errno() == ErrnoException.EOPNOTSUPP) return List.of();
                    throw failure("llistxattr", path);
                }
                if (size == 0) return List.of();
                MemorySegment buf = arena.allocate(size);
                long n = Libc.llistxattr(cPath, buf, size);
                if (n < 0) {
                    if (Libc.errno() == ErrnoException.ERANGE) continue; // the list grew in between
                    throw failure("llistxattr", path);
                }
                List<byte[]> names = new ArrayList<>();
                for (long pos = 0; pos < n; ) {
                    byte[] name = cStringAt(buf, pos);
                    names.add(name);
                    pos += name.length + 1;
                }
                return names;
            }
        }
    }

    /**
     * The value of extended attribute {@code name} of {@code path} itself, or {@code null} if it has none by that
     * name or the file system does not support extended attributes.
     */
    public static byte[] getXattr(byte[] path, byte[] name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Libc.cString(arena, path);
            MemorySegment cName = Libc.cString(arena, name);
            while (true) {
                long size = Libc.lgetxattr(cPath, cName, MemorySegment.NULL, 0);
                if (size < 0) {
                    int errno = Libc.errno();
                    if (errno == ErrnoException.ENODATA || errno == ErrnoException.EOPNOTSUPP) return null;
                    throw failure("lgetxattr", path);
                }
                if (size == 0) return new byte[0];
                MemorySegment buf = arena.allocate(size);
                long n = Libc.lgetxattr(cPath, cName, buf, size);
                if (n < 0) {
                    int errno = Libc.errno();
                    if (errno == ErrnoException.ERANGE) continue; // the value grew in between
                    if (errno == ErrnoException.ENODATA) return null;
                    throw failure("lgetxattr", path);
                }
                return buf.asSlice(0, n).toArray(JAVA_BYTE);
            }
        }
    }

    /** Creates or replaces extended attribute {@code name} of {@code path} itself. */
    public static void setXattr(byte[] path, byte[] name, byte[] value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cValue = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, cValue, JAVA_BYTE, 0, value.length);
            if (Libc.lsetxattr(Libc.cString(arena, path), Libc.cString(arena, name), cValue, value.length, 0)
                    != 0) {
                throw failure("lsetxattr", path);
            }
        }
    }

    // ---------------------------------------------------------------- file descriptors

    /** Opens {@code path} with {@code O_*} flags; {@code mode} matters only with {@link #O_CREAT}. */
    public static int open(byte[] path, int flags, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Libc.cString(arena, path);
            while (true) {
                int fd = Libc.open(cPath, flags, mode);
                if (fd >= 0) return fd;
                if (Libc.errno() != ErrnoException.EINTR) throw failure("open", path);
            }
        }
    }

    /** Reads up to {@code dst.byteSize()} bytes at the file position; 0 means end of file. */
    public static long read(int fd, MemorySegment dst) throws IOException {
        return read(fd, dst, fdName(fd));
    }

    static long read(int fd, MemorySegment dst, byte[] nameForErrors) throws IOException {
        while (true) {
            long n = Libc.read(fd, dst, dst.byteSize());
            if (n >= 0) return n;
            if (Libc.errno() != ErrnoException.EINTR) throw failure("read", nameForErrors);
        }
    }

    /** Reads up to {@code dst.byteSize()} bytes at {@code position}; 0 means end of file. */
    public static long pread(int fd, MemorySegment dst, long position) throws IOException {
        return pread(fd, dst, position, fdName(fd));
    }

    static long pread(int fd, MemorySegment dst, long position, byte[] nameForErrors) throws IOException {
        while (true) {
            long n = Libc.pread(fd, dst, dst.byteSize(), position);
            if (n >= 0) return n;
            if (Libc.errno() != ErrnoException.EINTR) throw failure("read", nameForErrors);
        }
    }

    /** Writes up to {@code src.byteSize()} bytes at {@code position}; returns how many were written. */
    public static long pwrite(int fd, MemorySegment src, long position) throws IOException {
        return pwrite(fd, src, position, fdName(fd));
    }

    static long pwrite(int fd, MemorySegment src, long position, byte[] nameForErrors) throws IOException {
        while (true) {
            long n = Libc.pwrite(fd, src, src.byteSize(), position);
            if (n >= 0) return n;
            if (Libc.errno() != ErrnoException.EINTR) throw failure("write", nameForErrors);
        }
    }

    /** {@link #pwrite(int, MemorySegment, long)} from a Java array's bytes {@code src}, without a native copy. */
    static long pwrite(int fd, byte[] src, int off, int len, long position, byte[] nameForErrors) throws IOException {
        MemorySegment piece = MemorySegment.ofArray(src).asSlice(off, len);
        while (true) {
            long n = Libc.pwriteHeap(fd, piece, len, position);
            if (n >= 0) return n;
            if (Libc.errno() != ErrnoException.EINTR) throw failure("write", nameForErrors);
        }
    }

    /** Sets the file's size; growing it adds a hole. */
    public static void ftruncate(int fd, long size) throws IOException {
        ftruncate(fd, size, fdName(fd));
    }

    static void ftruncate(int fd, long size, byte[] nameForErrors) throws IOException {
        while (Libc.ftruncate(fd, size) != 0) {
            if (Libc.errno() != ErrnoException.EINTR) throw failure("truncate", nameForErrors);
        }
    }

    public static void fsync(int fd) throws IOException {
        fsync(fd, fdName(fd));
    }

    static void fsync(int fd, byte[] nameForErrors) throws IOException {
        while (Libc.fsync(fd) != 0) {
            if (Libc.errno() != ErrnoException.EINTR) throw failure("fsync", nameForErrors);
        }
    }

    /** Closes {@code fd}. Not retried on EINTR: Linux has released the descriptor by then. */
    public static void close(int fd) throws IOException {
        close(fd, fdName(fd));
    }

    static void close(int fd, byte[] nameForErrors) throws IOException {
        if (Libc.close(fd) != 0 && Libc.errno() != ErrnoException.EINTR) throw failure("close", nameForErrors);
    }

    /** A hint about the coming access pattern ({@code POSIX_FADV_*}); {@code length} 0 means to the end. */
    public static void fadvise(int fd, long offset, long length, int advice) throws IOException {
        int error = Libc.posixFadvise(fd, offset, length, advice);
        if (error != 0) throw ErrnoException.forCall("fadvise", fdName(fd), null, error);
    }

    private static byte[] fdName(int fd) {
        return ("fd " + fd).getBytes(StandardCharsets.US_ASCII);
    }

    /** The exception for the errno of the call that just failed in this thread. */
    static IOException failure(String operation, byte[] path) {
        return ErrnoException.forCall(operation, path, null, Libc.errno());
    }
}

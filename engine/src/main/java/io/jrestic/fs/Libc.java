package io.jrestic.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typed bindings to the glibc functions the package uses, one downcall handle each, created on first use: each
 * handle lives in its own holder class because creating one generates classes (several milliseconds each), and a
 * command such as {@code snapshots} needs two or three of the thirty. Every function that
 * reports failure through errno captures it into a per-thread segment ({@link #errno()}), because the JVM may
 * overwrite errno between two downcalls. Constants are the Linux x86_64 values.
 */
final class Libc {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int STATX_BASIC_STATS = 0x7ff;
    /** utimensat: leave this time stamp unchanged. */
    static final long UTIME_OMIT = (1L << 30) - 2;

    static final int O_DIRECTORY = 0200000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    static {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!"Linux".equals(os) || !"amd64".equals(arch)) {
            // The flag values and struct layouts below are those of Linux x86_64.
            throw new UnsupportedOperationException("io.jrestic.fs supports Linux x86_64 only, not " + os + " " + arch);
        }
    }

    // int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
    private static final class Statx {
        static final MethodHandle HANDLE = withErrno("statx",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    }
    // int open(const char *path, int flags, ...): the mode is the first variadic argument
    private static final class Open {
        static final MethodHandle HANDLE = downcall("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    }
    private static final class Close {
        static final MethodHandle HANDLE = withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    private static final class Read {
        static final MethodHandle HANDLE = withErrno("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Pread {
        static final MethodHandle HANDLE = withErrno("pread",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    }
    private static final class Pwrite {
        static final MethodHandle HANDLE = withErrno("pwrite",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    }
    // pwrite straight from a Java array: a critical call may take heap memory (and holds off the collector for
    // the call's duration, so callers pass bounded pieces); restore writes every blob through it without staging
    private static final class PwriteHeap {
        static final MethodHandle HANDLE = downcall("pwrite",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO,
                Linker.Option.critical(true));
    }
    private static final class Ftruncate {
        static final MethodHandle HANDLE = withErrno("ftruncate",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    }
    private static final class Fsync {
        static final MethodHandle HANDLE = withErrno("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    // int posix_fadvise(int fd, off_t offset, off_t len, int advice): returns the error number, errno untouched
    private static final class PosixFadvise {
        static final MethodHandle HANDLE = downcall("posix_fadvise",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    }
    // ssize_t getdents64(int fd, void *buf, size_t len): unlike readdir, it tells the end from an error
    private static final class Getdents64 {
        static final MethodHandle HANDLE = withErrno("getdents64",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Readlink {
        static final MethodHandle HANDLE = withErrno("readlink",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    }
    private static final class Symlink {
        static final MethodHandle HANDLE = withErrno("symlink", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class Link {
        static final MethodHandle HANDLE = withErrno("link", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class Mkfifo {
        static final MethodHandle HANDLE = withErrno("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Mknod {
        static final MethodHandle HANDLE = withErrno("mknod",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    }
    private static final class Mkdir {
        static final MethodHandle HANDLE = withErrno("mkdir", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Lchown {
        static final MethodHandle HANDLE = withErrno("lchown",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }
    private static final class Fchmodat {
        static final MethodHandle HANDLE = withErrno("fchmodat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }
    private static final class Fchown {
        static final MethodHandle HANDLE = withErrno("fchown",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class Fchmod {
        static final MethodHandle HANDLE = withErrno("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class Fsetxattr {
        static final MethodHandle HANDLE = withErrno("fsetxattr",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    private static final class Futimens {
        static final MethodHandle HANDLE = withErrno("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }
    private static final class Utimensat {
        static final MethodHandle HANDLE = withErrno("utimensat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }
    private static final class Unlink {
        static final MethodHandle HANDLE = withErrno("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }
    private static final class Rmdir {
        static final MethodHandle HANDLE = withErrno("rmdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }
    private static final class Llistxattr {
        static final MethodHandle HANDLE = withErrno("llistxattr",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    }
    private static final class Lgetxattr {
        static final MethodHandle HANDLE = withErrno("lgetxattr",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    }
    private static final class Lsetxattr {
        static final MethodHandle HANDLE = withErrno("lsetxattr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    private static final class Strerror {
        static final MethodHandle HANDLE = downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static final ConcurrentHashMap<Integer, String> ERROR_TEXTS = new ConcurrentHashMap<>();

    private Libc() {
    }

    static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        return downcall(name, descriptor, CAPTURE_ERRNO);
    }

    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no function " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** The calling thread's capture segment; pass it as the first argument of an errno-capturing handle. */
    static MemorySegment errnoState() {
        return CAPTURED_STATE.get();
    }

    /** errno as captured by the calling thread's last errno-capturing downcall. */
    static int errno() {
        return CAPTURED_STATE.get().get(JAVA_INT, ERRNO_OFFSET);
    }

    /** A NUL-terminated copy of {@code path}; a NUL inside would silently cut the path, so it is refused. */
    static MemorySegment cString(SegmentAllocator allocator, byte[] path) {
        for (byte b : path) {
            if (b == 0) throw new IllegalArgumentException("path contains a NUL byte: " + PathText.of(path));
        }
        MemorySegment s = allocator.allocate(path.length + 1L);
        MemorySegment.copy(path, 0, s, JAVA_BYTE, 0, path.length);
        return s;
    }

    /** Go's text for an errno: glibc's strerror with a lower-case first letter ("no such file or directory"). */
    static String errorText(int errno) {
        return ERROR_TEXTS.computeIfAbsent(errno, Libc::lookUpErrorText);
    }

    private static String lookUpErrorText(int errno) {
        MemorySegment text;
        try {
            text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        String s = text.equals(MemorySegment.NULL) ? "errno " + errno : text.reinterpret(1024).getString(0);
        if (s.length() > 1 && !Character.isUpperCase(s.charAt(1))) {
            s = s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }

    /** Downcalls throw nothing checked; anything caught around invokeExact is a bug or a VM error. */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }

    static int statx(int dirfd, MemorySegment path, int flags, int mask, MemorySegment buf) {
        try {
            return (int) Statx.HANDLE.invokeExact(errnoState(), dirfd, path, flags, mask, buf);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int open(MemorySegment path, int flags, int mode) {
        try {
            return (int) Open.HANDLE.invokeExact(errnoState(), path, flags, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) Close.HANDLE.invokeExact(errnoState(), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long read(int fd, MemorySegment buf, long count) {
        try {
            return (long) Read.HANDLE.invokeExact(errnoState(), fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long pread(int fd, MemorySegment buf, long count, long offset) {
        try {
            return (long) Pread.HANDLE.invokeExact(errnoState(), fd, buf, count, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long pwrite(int fd, MemorySegment buf, long count, long offset) {
        try {
            return (long) Pwrite.HANDLE.invokeExact(errnoState(), fd, buf, count, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@link #pwrite} where {@code buf} may be a heap segment. */
    static long pwriteHeap(int fd, MemorySegment buf, long count, long offset) {
        try {
            return (long) PwriteHeap.HANDLE.invokeExact(errnoState(), fd, buf, count, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int ftruncate(int fd, long length) {
        try {
            return (int) Ftruncate.HANDLE.invokeExact(errnoState(), fd, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int fsync(int fd) {
        try {
            return (int) Fsync.HANDLE.invokeExact(errnoState(), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Returns 0 or the error number (posix_fadvise does not use errno). */
    static int posixFadvise(int fd, long offset, long length, int advice) {
        try {
            return (int) PosixFadvise.HANDLE.invokeExact(fd, offset, length, advice);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long getdents64(int fd, MemorySegment buf, long count) {
        try {
            return (long) Getdents64.HANDLE.invokeExact(errnoState(), fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long readlink(MemorySegment path, MemorySegment buf, long size) {
        try {
            return (long) Readlink.HANDLE.invokeExact(errnoState(), path, buf, size);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int symlink(MemorySegment target, MemorySegment linkPath) {
        try {
            return (int) Symlink.HANDLE.invokeExact(errnoState(), target, linkPath);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int link(MemorySegment existing, MemorySegment newPath) {
        try {
            return (int) Link.HANDLE.invokeExact(errnoState(), existing, newPath);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int mkfifo(MemorySegment path, int mode) {
        try {
            return (int) Mkfifo.HANDLE.invokeExact(errnoState(), path, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int mknod(MemorySegment path, int mode, long dev) {
        try {
            return (int) Mknod.HANDLE.invokeExact(errnoState(), path, mode, dev);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int mkdir(MemorySegment path, int mode) {
        try {
            return (int) Mkdir.HANDLE.invokeExact(errnoState(), path, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int lchown(MemorySegment path, int uid, int gid) {
        try {
            return (int) Lchown.HANDLE.invokeExact(errnoState(), path, uid, gid);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int fchmodat(int dirfd, MemorySegment path, int mode, int flags) {
        try {
            return (int) Fchmodat.HANDLE.invokeExact(errnoState(), dirfd, path, mode, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int fchown(int fd, int uid, int gid) {
        try {
            return (int) Fchown.HANDLE.invokeExact(errnoState(), fd, uid, gid);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int fchmod(int fd, int mode) {
        try {
            return (int) Fchmod.HANDLE.invokeExact(errnoState(), fd, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int fsetxattr(int fd, MemorySegment name, MemorySegment value, long size, int flags) {
        try {
            return (int) Fsetxattr.HANDLE.invokeExact(errnoState(), fd, name, value, size, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int futimens(int fd, MemorySegment times) {
        try {
            return (int) Futimens.HANDLE.invokeExact(errnoState(), fd, times);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int utimensat(int dirfd, MemorySegment path, MemorySegment times, int flags) {
        try {
            return (int) Utimensat.HANDLE.invokeExact(errnoState(), dirfd, path, times, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int unlink(MemorySegment path) {
        try {
            return (int) Unlink.HANDLE.invokeExact(errnoState(), path);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int rmdir(MemorySegment path) {
        try {
            return (int) Rmdir.HANDLE.invokeExact(errnoState(), path);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long llistxattr(MemorySegment path, MemorySegment list, long size) {
        try {
            return (long) Llistxattr.HANDLE.invokeExact(errnoState(), path, list, size);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long lgetxattr(MemorySegment path, MemorySegment name, MemorySegment value, long size) {
        try {
            return (long) Lgetxattr.HANDLE.invokeExact(errnoState(), path, name, value, size);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int lsetxattr(MemorySegment path, MemorySegment name, MemorySegment value, long size, int flags) {
        try {
            return (int) Lsetxattr.HANDLE.invokeExact(errnoState(), path, name, value, size, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}

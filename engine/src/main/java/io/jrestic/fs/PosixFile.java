package io.jrestic.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * An open file for positional reads and writes, as restore uses it: blobs are written at their offsets, possibly
 * from several threads at once, and skipped zero runs stay holes (write the data, then {@link #truncate} to the
 * full size). Positional calls are safe for concurrent use; {@link #close()} must come after all of them.
 */
public final class PosixFile implements AutoCloseable {
    /**
     * Largest piece of a {@code byte[]} transfer: reads stage it in native memory; writes pass the array itself
     * to the kernel, and the collector waits for each piece.
     */
    private static final int MAX_PIECE = 1024 * 1024;

    private final byte[] path;
    private final int fd;
    private volatile boolean closed;

    private PosixFile(byte[] path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens {@code path} with {@code O_*} flags (O_CLOEXEC is always added); {@code mode} applies to O_CREAT. */
    public static PosixFile open(byte[] path, int flags, int mode) throws IOException {
        byte[] copy = path.clone();
        return new PosixFile(copy, Posix.open(copy, flags | Posix.O_CLOEXEC, mode));
    }

    /**
     * Opens {@code path} for writing, creating it with permission bits {@code mode} if missing, never following a
     * symbolic link and never truncating ({@code O_WRONLY | O_CREAT | O_NOFOLLOW}).
     */
    public static PosixFile openForWriting(byte[] path, int mode) throws IOException {
        return open(path, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_NOFOLLOW, mode);
    }

    /** The file descriptor, for calls this class does not wrap; valid until {@link #close()}. */
    public int fd() {
        return fd;
    }

    /** Writes all of {@code b[off, off+len)} at {@code position}. */
    public void write(byte[] b, int off, int len, long position) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen("write");
        // straight from the array (no native staging copy), in pieces that bound each critical call
        for (int done = 0; done < len; ) {
            done += (int) Posix.pwrite(fd, b, off + done, Math.min(len - done, MAX_PIECE), position + done, path);
        }
    }

    /** Writes all of {@code src} at {@code position}. */
    public void write(MemorySegment src, long position) throws IOException {
        ensureOpen("write");
        writeFully(src, position);
    }

    private void writeFully(MemorySegment src, long position) throws IOException {
        for (long done = 0; done < src.byteSize(); ) {
            done += Posix.pwrite(fd, src.asSlice(done), position + done, path);
        }
    }

    /**
     * Reads up to {@code len} bytes at {@code position} into {@code b[off…]}; returns how many, -1 at end of file.
     */
    public int read(byte[] b, int off, int len, long position) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen("read");
        if (len == 0) return 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(Math.min(len, MAX_PIECE));
            int n = (int) Posix.pread(fd, staging, position, path);
            if (n == 0) return -1;
            MemorySegment.copy(staging, JAVA_BYTE, 0, b, off, n);
            return n;
        }
    }

    /** Sets the file's size; growing it adds a hole, not zero blocks. */
    public void truncate(long size) throws IOException {
        ensureOpen("truncate");
        Posix.ftruncate(fd, size, path);
    }

    /** Flushes the file's data and metadata to the device. */
    public void sync() throws IOException {
        ensureOpen("fsync");
        Posix.fsync(fd, path);
    }

    public FileStat stat() throws IOException {
        ensureOpen("fstat");
        return Posix.fstat(fd, path);
    }

    // Metadata through the descriptor: no path lookup, and the file is known to be the one just written. Errors
    // name the same calls as Posix's path-based versions, so messages do not depend on which was used.

    /** Sets owner and group; see {@link Posix#lchown}. */
    public void chown(long uid, long gid) throws IOException {
        ensureOpen("lchown");
        if (Libc.fchown(fd, Posix.toId(uid), Posix.toId(gid)) != 0) throw Posix.failure("lchown", path);
    }

    /** Sets the permission bits (07777). */
    public void chmod(int mode) throws IOException {
        ensureOpen("chmod");
        if (Libc.fchmod(fd, mode) != 0) throw Posix.failure("chmod", path);
    }

    /** Sets access and modification times with nanosecond precision; a {@code null} time is left unchanged. */
    public void setTimes(java.time.Instant atime, java.time.Instant mtime) throws IOException {
        ensureOpen("utimensat");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = Posix.timespecs(arena, atime, mtime);
            if (Libc.futimens(fd, times) != 0) throw Posix.failure("utimensat", path);
        }
    }

    /** Creates or replaces extended attribute {@code name}. */
    public void setXattr(byte[] name, byte[] value) throws IOException {
        ensureOpen("lsetxattr");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cValue = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, cValue, JAVA_BYTE, 0, value.length);
            if (Libc.fsetxattr(fd, Libc.cString(arena, name), cValue, value.length, 0) != 0) {
                throw Posix.failure("lsetxattr", path);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        Posix.close(fd, path);
    }

    private void ensureOpen(String operation) throws IOException {
        if (closed) throw new IOException(operation + " " + PathText.of(path) + ": file already closed");
    }
}

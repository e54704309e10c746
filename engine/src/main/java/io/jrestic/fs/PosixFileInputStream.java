package io.jrestic.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Sequential reading of a file opened by raw path, for backup. Opens with {@code O_NOFOLLOW}, so a path that has
 * become a symbolic link since it was listed fails instead of being followed; {@link #stat()} describes exactly
 * the file being read. Like any InputStream it is for one thread at a time; it may be handed between threads.
 *
 * <p>Reads go through a native buffer that belongs to the reading thread and lives as long as it: a backup opens
 * thousands of small files, and a buffer per stream cost each of them a zeroed 256 KiB allocation and the close
 * of a shared arena (a handshake with every thread of the process).
 */
public final class PosixFileInputStream extends InputStream {
    private static final int BUFFER_SIZE = 256 * 1024;

    /** Freed by the collector once its thread has ended (an automatic arena). */
    private static final ThreadLocal<MemorySegment> BUFFER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BUFFER_SIZE, 4096));

    private final byte[] path;
    private final int fd;
    private boolean closed;

    private PosixFileInputStream(byte[] path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens {@code path} for reading ({@code O_RDONLY | O_NOFOLLOW | O_CLOEXEC}). */
    public static PosixFileInputStream open(byte[] path) throws IOException {
        byte[] copy = path.clone();
        int fd = Posix.open(copy, Posix.O_RDONLY | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
        try {
            return new PosixFileInputStream(copy, fd);
        } catch (RuntimeException | Error e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** Metadata of the open file. */
    public FileStat stat() throws IOException {
        ensureOpen();
        return Posix.fstat(fd, path);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) return 0;
        MemorySegment buffer = BUFFER.get();
        int n = (int) Posix.read(fd, buffer.asSlice(0, Math.min(len, BUFFER_SIZE)), path);
        if (n == 0) return -1;
        MemorySegment.copy(buffer, JAVA_BYTE, 0, b, off, n);
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        Posix.close(fd, path);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("read " + PathText.of(path) + ": file already closed");
    }
}

package io.jrestic.backend.local;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Exactly {@code length} bytes of a file starting at {@code offset}, read with positional reads so the channel's
 * own position never matters. Ending early is an error, not a short stream: callers rely on getting every byte.
 */
final class FileRangeInputStream extends InputStream {
    private final FileChannel channel;
    private final Path path;
    private long position;
    private long remaining;

    FileRangeInputStream(FileChannel channel, Path path, long offset, long length) {
        this.channel = channel;
        this.path = path;
        this.position = offset;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        if (remaining == 0) return -1;
        if (length == 0) return 0;
        int wanted = (int) Math.min(length, remaining);
        int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
        if (n < 0) {
            throw new EOFException(path + ": unexpected end of file at offset " + position + " (" + remaining
                    + " more bytes expected)");
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, remaining));
        position += skipped;
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(remaining, Integer.MAX_VALUE);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

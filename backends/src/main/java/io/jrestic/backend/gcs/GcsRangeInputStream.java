package io.jrestic.backend.gcs;

import com.google.cloud.ReadChannel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The bytes of one ranged download, read through the client's {@link ReadChannel}. With a known length the stream
 * yields exactly that many bytes or fails with an {@link EOFException}: a short object or a cut connection never
 * passes for a short file. Failures are translated by {@link GcsErrors}.
 */
final class GcsRangeInputStream extends InputStream {
    /** Unknown length: read to the end of the object. */
    static final long TO_END = -1;

    private final ReadChannel channel;
    private final String what;
    private final String bucket;
    private final long offset;
    private long remaining;
    private long position;

    GcsRangeInputStream(ReadChannel channel, String what, String bucket, long offset, long length) {
        this.channel = channel;
        this.what = what;
        this.bucket = bucket;
        this.offset = offset;
        this.position = offset;
        this.remaining = length;
    }

    /** Reads up to {@code length} bytes into the buffer, translating failures; -1 at the end. */
    @Override
    public int read(byte[] buffer, int off, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(off, length, buffer.length);
        if (remaining == 0) return -1;
        if (length == 0) return 0;
        int wanted = remaining == TO_END ? length : (int) Math.min(length, remaining);
        int n;
        try {
            do {
                n = channel.read(ByteBuffer.wrap(buffer, off, wanted));
            } while (n == 0);
        } catch (IOException e) {
            throw GcsErrors.translate("read", what, e, bucket);
        } catch (RuntimeException e) {
            throw GcsErrors.translate("read", what, e, false, bucket);
        }
        if (n < 0) {
            if (remaining == TO_END) {
                remaining = 0;
                return -1;
            }
            throw new EOFException(what + ": the object ended at offset " + position + ", " + remaining
                    + " bytes short of the range at offset " + offset);
        }
        position += n;
        if (remaining != TO_END) remaining -= n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
        channel.close();
    }
}

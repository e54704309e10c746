package io.jrestic.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits one stream into {@link Chunk}s. Not thread-safe; does not close the stream. Holds at most
 * {@link Chunker#MAX_SIZE} bytes (the current chunk plus some read-ahead), growing to that only for streams that
 * need it. Results do not depend on how the stream splits its reads.
 *
 * <p>Two ways to take chunks: {@link #next()} copies each into an array of its own; {@link #nextPooled()} (for a
 * reader made with {@link ChunkBuffers}) hands out the reader's own buffer, with the chunk at its start, and
 * continues in a recycled one, so the only copy is the read-ahead past the cut. Use one or the other per reader.
 */
public final class ChunkReader {
    /** Bytes asked of the stream at a time; also the most read-ahead moved back after a cut. */
    static final int READ_SIZE = 256 * 1024;
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final Chunker chunker;
    private final InputStream in;
    private final ChunkBuffers pool;
    /** The current chunk from index 0, then bytes read past its cut point. */
    private byte[] buffer;
    private int filled;
    /** {@code buffer[0, scannedTo)} has been searched for a cut point without finding one. */
    private int scannedTo;
    private boolean endOfStream;

    ChunkReader(Chunker chunker, InputStream in, ChunkBuffers pool) {
        this.chunker = chunker;
        this.in = in;
        this.pool = pool;
        this.buffer = pool == null ? new byte[INITIAL_CAPACITY] : pool.take();
    }

    /** The next chunk, or null at the end of the stream (an empty stream has no chunks). */
    public Chunk next() throws IOException {
        int length = nextLength();
        return length < 0 ? null : take(length);
    }

    /**
     * The next chunk in a buffer from this reader's {@link ChunkBuffers}, or null at the end of the stream; the
     * caller releases it when done.
     */
    public PooledChunk nextPooled() throws IOException {
        if (pool == null) throw new IllegalStateException("this reader has no buffer pool");
        int length = nextLength();
        if (length < 0) {
            if (buffer != null) pool.release(buffer);
            buffer = null;
            return null;
        }
        byte[] chunk = buffer;
        long fingerprint = cutFingerprint(chunk, length);
        buffer = pool.take();
        if (buffer.length < filled - length) buffer = new byte[filled - length];
        System.arraycopy(chunk, length, buffer, 0, filled - length);
        filled -= length;
        scannedTo = 0;
        return new PooledChunk(chunk, length, fingerprint, pool);
    }

    /** Buffers bytes up to the next cut and returns the chunk's length, or -1 at the end of the stream. */
    private int nextLength() throws IOException {
        if (buffer == null) return -1;
        while (true) {
            int length = chunker.findCut(buffer, 0, scannedTo, filled);
            if (length > 0) return length;
            scannedTo = filled;
            if (endOfStream) return filled == 0 ? -1 : filled;
            fill();
        }
    }

    private void fill() throws IOException {
        // filled < MAX_SIZE here: with MAX_SIZE bytes buffered findCut always returns a length
        if (filled == buffer.length) buffer = grown();
        int wanted = Math.min(READ_SIZE, buffer.length - filled);
        int got = in.readNBytes(buffer, filled, wanted);
        filled += got;
        if (got < wanted) endOfStream = true;
    }

    /** A private buffer doubles; a pooled one moves once into a large pooled buffer, which holds any chunk. */
    private byte[] grown() {
        if (pool == null) return Arrays.copyOf(buffer, Math.min(Chunker.MAX_SIZE, 2 * buffer.length));
        byte[] large = pool.takeLarge();
        System.arraycopy(buffer, 0, large, 0, filled);
        pool.release(buffer);
        return large;
    }

    private long cutFingerprint(byte[] data, int length) {
        int window = Math.min(length, Chunker.WINDOW_SIZE);
        return chunker.fingerprint(data, length - window, window);
    }

    private Chunk take(int length) {
        byte[] data = Arrays.copyOf(buffer, length);
        long fingerprint = cutFingerprint(data, length);
        System.arraycopy(buffer, length, buffer, 0, filled - length);
        filled -= length;
        scannedTo = 0;
        return new Chunk(data, fingerprint);
    }
}

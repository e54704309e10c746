package io.jrestic.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits one stream into {@link Chunk}s. Not thread-safe; does not close the stream. Holds at most
 * {@link Chunker#MAX_SIZE} bytes (the current chunk plus some read-ahead), growing to that only for streams that
 * need it. Results do not depend on how the stream splits its reads.
 */
public final class ChunkReader {
    /** Bytes asked of the stream at a time; also the most read-ahead moved back after a cut. */
    static final int READ_SIZE = 256 * 1024;
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final Chunker chunker;
    private final InputStream in;
    /** The current chunk from index 0, then bytes read past its cut point. */
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int filled;
    /** {@code buffer[0, scannedTo)} has been searched for a cut point without finding one. */
    private int scannedTo;
    private boolean endOfStream;

    ChunkReader(Chunker chunker, InputStream in) {
        this.chunker = chunker;
        this.in = in;
    }

    /** The next chunk, or null at the end of the stream (an empty stream has no chunks). */
    public Chunk next() throws IOException {
        while (true) {
            int length = chunker.findCut(buffer, 0, scannedTo, filled);
            if (length > 0) return take(length);
            scannedTo = filled;
            if (endOfStream) return filled == 0 ? null : take(filled);
            fill();
        }
    }

    private void fill() throws IOException {
        // filled < MAX_SIZE here: with MAX_SIZE bytes buffered findCut always returns a length
        if (filled == buffer.length) buffer = Arrays.copyOf(buffer, Math.min(Chunker.MAX_SIZE, 2 * buffer.length));
        int wanted = Math.min(READ_SIZE, buffer.length - filled);
        int got = in.readNBytes(buffer, filled, wanted);
        filled += got;
        if (got < wanted) endOfStream = true;
    }

    private Chunk take(int length) {
        byte[] data = Arrays.copyOf(buffer, length);
        int window = Math.min(length, Chunker.WINDOW_SIZE);
        long fingerprint = chunker.fingerprint(data, length - window, window);
        System.arraycopy(buffer, length, buffer, 0, filled - length);
        filled -= length;
        scannedTo = 0;
        return new Chunk(data, fingerprint);
    }
}

package io.jrestic.chunker;

import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * restic's content-defined chunker for one polynomial (§13): a chunk ends after the first byte at which the chunk is
 * at least {@link #MIN_SIZE} long and the Rabin fingerprint of the last {@link #WINDOW_SIZE} bytes has its low 20
 * bits zero, or at {@link #MAX_SIZE}. Cut points depend only on the bytes and the polynomial.
 *
 * <p>Immutable and thread-safe: it holds the rolling-hash tables, built once per polynomial and shared. Chunk a
 * stream with a per-stream {@link #reader(InputStream)}, or find cut points in memory with {@link #findCut}.
 *
 * <p>Speed: the fingerprint is a chain of dependent table look-ups, one per byte, so a single chain is bounded by
 * load latency. Because a fingerprint depends only on the 64 bytes before it, {@link #findCut} scans
 * {@value #LANES} adjacent stretches of {@value #LANE_SPAN} bytes at once (each warmed up on the 64 bytes before it)
 * and keeps the earliest cut; the first {@code MIN_SIZE − 64} bytes of a chunk are never hashed at all.
 */
public final class Chunker {
    public static final int WINDOW_SIZE = 64;
    public static final int MIN_SIZE = 512 * 1024;
    public static final int MAX_SIZE = 8 * 1024 * 1024;
    /** A cut needs {@code fingerprint & SPLIT_MASK == 0}: one position in 2^20, so chunks average MIN + 1 MiB. */
    public static final long SPLIT_MASK = (1L << 20) - 1;
    /** Below this degree the top byte cannot be split off; above it {@code h << 8} overflows 64 bits. */
    static final int MIN_DEGREE = 8;
    static final int MAX_DEGREE = 56;

    /** Independent fingerprint chains interleaved in one loop. */
    private static final int LANES = 8;
    /**
     * Candidate cut positions per lane per block: large against the 64-byte warm-up, small against the ~1 MiB
     * between cuts (the lanes after a cut are wasted work). 8 × 4 KiB measured best on this project's Xeon.
     */
    private static final int LANE_SPAN = 4 * 1024;
    private static final int TABLE_SIZE = 256;

    private static final ConcurrentMap<Polynomial, Chunker> BY_POLYNOMIAL = new ConcurrentHashMap<>();

    private final Polynomial polynomial;
    /** {@code deg(P) − 8}: where the byte that overflows on the next push sits. */
    private final int shift;
    /** {@code OUT[b]}: the fingerprint of {@code b} followed by 63 zero bytes, i.e. what {@code b} adds while in the window. */
    private final long[] outTable;
    /** {@code MOD[t]}: {@code (t·x^deg mod P) | t·x^deg}; XOR-ing it clears the overflow byte {@code t} and reduces. */
    private final long[] modTable;

    private Chunker(Polynomial polynomial) {
        this.polynomial = polynomial;
        int degree = polynomial.degree();
        this.shift = degree - 8;
        this.modTable = new long[TABLE_SIZE];
        for (int t = 0; t < TABLE_SIZE; t++) {
            long overflow = (long) t << degree;
            modTable[t] = Polynomial.mod(overflow, polynomial.value()) | overflow;
        }
        this.outTable = new long[TABLE_SIZE];
        for (int b = 0; b < TABLE_SIZE; b++) {
            long h = push(0, b);
            for (int i = 1; i < WINDOW_SIZE; i++) h = push(h, 0);
            outTable[b] = h;
        }
    }

    /**
     * The chunker for {@code polynomial}; one shared instance per polynomial. Irreducibility is not checked here
     * (the config does that, as restic does); the degree must be 8 to 56 (restic's are 53).
     */
    public static Chunker of(Polynomial polynomial) {
        int degree = polynomial.degree();
        if (degree < MIN_DEGREE || degree > MAX_DEGREE) {
            throw new IllegalArgumentException("chunker polynomial " + polynomial.toHex() + " has degree " + degree
                    + ", want " + MIN_DEGREE + " to " + MAX_DEGREE);
        }
        return BY_POLYNOMIAL.computeIfAbsent(polynomial, Chunker::new);
    }

    public Polynomial polynomial() {
        return polynomial;
    }

    /** A reader that splits {@code in} into chunks; not thread-safe, and it does not close {@code in}. */
    public ChunkReader reader(InputStream in) {
        return new ChunkReader(this, Objects.requireNonNull(in, "in"), null);
    }

    /** A reader whose {@link ChunkReader#nextPooled()} hands out buffers from {@code buffers}. */
    public ChunkReader reader(InputStream in, ChunkBuffers buffers) {
        return new ChunkReader(this, Objects.requireNonNull(in, "in"), Objects.requireNonNull(buffers, "buffers"));
    }

    long outEntry(int b) {
        return outTable[b];
    }

    long modEntry(int t) {
        return modTable[t];
    }

    /** Appends byte {@code b} to a fingerprint: {@code (h·x^8 + b) mod P}, staying fully reduced. */
    private long push(long h, int b) {
        return (h << 8 | b) ^ modTable[(int) (h >>> shift)];
    }

    /** The Rabin fingerprint of {@code data[offset, offset+length)}: those bytes as a polynomial, mod P (§13.4). */
    public long fingerprint(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long h = 0;
        for (int i = offset; i < offset + length; i++) h = push(h, data[i] & 0xff);
        return h;
    }

    /**
     * Finds where the chunk starting at {@code data[chunkStart]} ends, given the stream's bytes
     * {@code data[chunkStart, end)}. Returns the chunk's length if these bytes decide it (a cut point, or
     * {@link #MAX_SIZE} bytes without one), else -1: more bytes are needed, or at the end of the stream the rest is
     * the final chunk. To resume after a -1 once more bytes have arrived, pass the previous {@code end} as
     * {@code scannedTo}, so those positions are not examined again; pass {@code chunkStart} on the first call.
     */
    public int findCut(byte[] data, int chunkStart, int scannedTo, int end) {
        Objects.checkFromToIndex(chunkStart, end, data.length);
        Objects.checkFromToIndex(chunkStart, scannedTo, end);
        int longest = Math.min(end - chunkStart, MAX_SIZE);
        int shortest = Math.max(MIN_SIZE, scannedTo - chunkStart + 1);
        if (shortest <= longest) {
            int cut = scan(data, chunkStart + shortest, chunkStart + longest);
            if (cut >= 0) return cut - chunkStart;
        }
        return longest == MAX_SIZE ? MAX_SIZE : -1;
    }

    /** The smallest {@code e} in {@code [first, last]} whose window {@code data[e−64, e)} is a cut, or -1. */
    private int scan(byte[] data, int first, int last) {
        for (; last - first + 1 >= LANES * LANE_SPAN; first += LANES * LANE_SPAN) {
            int cut = scanLanes(data, first);
            if (cut >= 0) return cut;
        }
        return first <= last ? scanOneLane(data, first, last) : -1;
    }

    private int scanOneLane(byte[] data, int first, int last) {
        final long[] out = outTable;
        final long[] mod = modTable;
        final int sh = shift;
        // h = fingerprint of the window ending at first − 1, so the loop below starts with a full slide
        long h = 0;
        for (int i = first - WINDOW_SIZE - 1; i < first - 1; i++) h = (h << 8 | (data[i] & 0xff)) ^ mod[(int) (h >>> sh)];
        for (int i = first - 1; i < last; i++) {
            h ^= out[data[i - WINDOW_SIZE] & 0xff];
            h = (h << 8 | (data[i] & 0xff)) ^ mod[(int) (h >>> sh)];
            if ((h & SPLIT_MASK) == 0) return i + 1;
        }
        return -1;
    }

    /**
     * Examines the {@code LANES · LANE_SPAN} positions from {@code first} as {@value #LANES} interleaved chains,
     * lane {@code k} covering {@code [first + k·LANE_SPAN, first + (k+1)·LANE_SPAN)}. Returns the earliest cut, or -1.
     * The lanes' offsets are constants, so one index register addresses all of them and the eight fingerprints
     * stay in registers.
     */
    private int scanLanes(byte[] data, int first) {
        final long[] out = outTable;
        final long[] mod = modTable;
        final int sh = shift;
        // with the lengths known and the indices masked to 0..255 the JIT may drop the tables' bounds checks
        if (out.length != TABLE_SIZE || mod.length != TABLE_SIZE) throw new IllegalStateException("table size");
        final int S = LANE_SPAN;
        final int W = WINDOW_SIZE;
        // lane k's next incoming byte is data[i + k·S] and its outgoing byte data[i + k·S − 64]
        final int start = first - 1;
        long h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0;
        for (int i = start - W; i < start; i++) {
            h0 = (h0 << 8 | (data[i] & 0xff)) ^ mod[(int) (h0 >>> sh) & 0xff];
            h1 = (h1 << 8 | (data[i + S] & 0xff)) ^ mod[(int) (h1 >>> sh) & 0xff];
            h2 = (h2 << 8 | (data[i + 2 * S] & 0xff)) ^ mod[(int) (h2 >>> sh) & 0xff];
            h3 = (h3 << 8 | (data[i + 3 * S] & 0xff)) ^ mod[(int) (h3 >>> sh) & 0xff];
            h4 = (h4 << 8 | (data[i + 4 * S] & 0xff)) ^ mod[(int) (h4 >>> sh) & 0xff];
            h5 = (h5 << 8 | (data[i + 5 * S] & 0xff)) ^ mod[(int) (h5 >>> sh) & 0xff];
            h6 = (h6 << 8 | (data[i + 6 * S] & 0xff)) ^ mod[(int) (h6 >>> sh) & 0xff];
            h7 = (h7 << 8 | (data[i + 7 * S] & 0xff)) ^ mod[(int) (h7 >>> sh) & 0xff];
        }
        int i = start;
        for (; i < start + S; i++) {
            h0 ^= out[data[i - W] & 0xff];
            h1 ^= out[data[i + S - W] & 0xff];
            h2 ^= out[data[i + 2 * S - W] & 0xff];
            h3 ^= out[data[i + 3 * S - W] & 0xff];
            h4 ^= out[data[i + 4 * S - W] & 0xff];
            h5 ^= out[data[i + 5 * S - W] & 0xff];
            h6 ^= out[data[i + 6 * S - W] & 0xff];
            h7 ^= out[data[i + 7 * S - W] & 0xff];
            h0 = (h0 << 8 | (data[i] & 0xff)) ^ mod[(int) (h0 >>> sh) & 0xff];
            h1 = (h1 << 8 | (data[i + S] & 0xff)) ^ mod[(int) (h1 >>> sh) & 0xff];
            h2 = (h2 << 8 | (data[i + 2 * S] & 0xff)) ^ mod[(int) (h2 >>> sh) & 0xff];
            h3 = (h3 << 8 | (data[i + 3 * S] & 0xff)) ^ mod[(int) (h3 >>> sh) & 0xff];
            h4 = (h4 << 8 | (data[i + 4 * S] & 0xff)) ^ mod[(int) (h4 >>> sh) & 0xff];
            h5 = (h5 << 8 | (data[i + 5 * S] & 0xff)) ^ mod[(int) (h5 >>> sh) & 0xff];
            h6 = (h6 << 8 | (data[i + 6 * S] & 0xff)) ^ mod[(int) (h6 >>> sh) & 0xff];
            h7 = (h7 << 8 | (data[i + 7 * S] & 0xff)) ^ mod[(int) (h7 >>> sh) & 0xff];
            // separate tests: each compiles to one fused test-and-branch, never taken but at a cut
            if ((h0 & SPLIT_MASK) == 0 || (h1 & SPLIT_MASK) == 0 || (h2 & SPLIT_MASK) == 0 || (h3 & SPLIT_MASK) == 0
                    || (h4 & SPLIT_MASK) == 0 || (h5 & SPLIT_MASK) == 0 || (h6 & SPLIT_MASK) == 0
                    || (h7 & SPLIT_MASK) == 0) {
                break;
            }
        }
        if (i == start + S) return -1;
        int step = i - start;
        // the first lane cutting at this step; lanes before it may still cut later in their stretch, which lies earlier
        long[] lanes = {h0, h1, h2, h3, h4, h5, h6, h7};
        int lane = 0;
        while ((lanes[lane] & SPLIT_MASK) != 0) lane++;
        int cut = first + lane * S + step;
        int earlier = scan(data, first + step + 1, cut - 1);
        return earlier >= 0 ? earlier : cut;
    }
}

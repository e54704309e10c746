package io.jrestic.index;

import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;

/**
 * Blob entries sorted by (ID, type), bit-packed into pages of equal-width rows; immutable once written.
 *
 * <p>A row holds the ID without its first {@code dirBits} bits, the type bit, the pack number, offset, length and
 * uncompressed length, each field just as wide as the largest value in the run needs. The omitted leading bits
 * pick a bucket of the directory, which gives the bucket's first row: SHA-256 IDs are uniform, so with about
 * eight rows per bucket a lookup binary-searches a few neighbouring rows and the directory costs about half a
 * byte per blob while saving more than two bytes of every ID.
 */
final class SortedRun {
    static final int PAGE_SHIFT = 13;
    static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE_ROWS - 1;
    static final SortedRun EMPTY = new Writer(0, 0, 0, 0, 0).finish();

    final long[][] pages;
    final int count;
    /** dir[b] is the first row whose ID starts with the bits b; the last element is {@link #count}. */
    final int[] dir;
    private final int dirBits;
    private final int restBits;
    private final int packBits;
    private final int offsetBits;
    private final int lengthBits;
    private final int uncompressedBits;
    private final int rowBits;
    private final int atTree;
    private final int atPack;
    private final int atOffset;
    private final int atLength;
    private final int atUncompressed;

    private SortedRun(long[][] pages, int count, int[] dir, int dirBits, int packBits, int offsetBits, int lengthBits,
                      int uncompressedBits) {
        this.pages = pages;
        this.count = count;
        this.dir = dir;
        this.dirBits = dirBits;
        this.restBits = Long.SIZE - dirBits;
        this.packBits = packBits;
        this.offsetBits = offsetBits;
        this.lengthBits = lengthBits;
        this.uncompressedBits = uncompressedBits;
        this.atTree = restBits + 3 * Long.SIZE;
        this.atPack = atTree + 1;
        this.atOffset = atPack + packBits;
        this.atLength = atOffset + offsetBits;
        this.atUncompressed = atLength + lengthBits;
        this.rowBits = atUncompressed + uncompressedBits;
    }

    /** A view that keeps this run's pages reachable even when a merge releases them from the run. */
    SortedRun snapshot() {
        return new SortedRun(pages.clone(), count, dir, dirBits, packBits, offsetBits, lengthBits, uncompressedBits);
    }

    /** Directory bits for {@code rows} rows: about eight rows per bucket. */
    static int dirBitsFor(int rows) {
        int log = Integer.SIZE - 1 - Integer.numberOfLeadingZeros(Math.max(rows, 1));
        return Math.clamp(log - 3, 0, 30);
    }

    // ------------------------------------------------------------------------------------------------ search

    /** The first row whose key is not below ({@code key}, {@code tree}); rows from there may equal it. */
    int lowerBound(long[] key, int tree) {
        int bucket = bucket(key[0]);
        long rest = rest(key[0]);
        int lo = dir[bucket];
        int hi = dir[bucket + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(mid, rest, key, tree) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** True if {@code row} holds exactly this (ID, type). */
    boolean keyEquals(int row, long[] key, int tree) {
        return row < dir[bucket(key[0]) + 1] && compare(row, rest(key[0]), key, tree) == 0;
    }

    private int compare(int row, long rest, long[] key, int tree) {
        long[] page = pages[row >>> PAGE_SHIFT];
        int base = (row & PAGE_MASK) * rowBits;
        int c = Long.compareUnsigned(get(page, base, restBits), rest);
        if (c != 0) return c;
        for (int w = 1; w < 4; w++) {
            c = Long.compareUnsigned(get(page, base + restBits + (w - 1) * Long.SIZE, Long.SIZE), key[w]);
            if (c != 0) return c;
        }
        return Integer.compare((int) get(page, base + atTree, 1), tree);
    }

    private int bucket(long w0) {
        return dirBits == 0 ? 0 : (int) (w0 >>> restBits);
    }

    private long rest(long w0) {
        return dirBits == 0 ? w0 : w0 & (-1L >>> dirBits);
    }

    /** The bucket holding {@code row}: the last b with dir[b] ≤ row. */
    int bucketOf(int row) {
        int lo = 0;
        int hi = dir.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (dir[mid] <= row) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    // ------------------------------------------------------------------------------------------------ fields

    /** The ID of {@code row}, which lies in {@code bucket}, as four words into {@code out}. */
    void key(int row, int bucket, long[] out) {
        long[] page = pages[row >>> PAGE_SHIFT];
        int base = (row & PAGE_MASK) * rowBits;
        long high = dirBits == 0 ? 0 : (long) bucket << restBits;
        out[0] = high | get(page, base, restBits);
        for (int w = 1; w < 4; w++) out[w] = get(page, base + restBits + (w - 1) * Long.SIZE, Long.SIZE);
    }

    int tree(int row) {
        return (int) field(row, atTree, 1);
    }

    int pack(int row) {
        return (int) field(row, atPack, packBits);
    }

    long offset(int row) {
        return field(row, atOffset, offsetBits);
    }

    long length(int row) {
        return field(row, atLength, lengthBits);
    }

    long uncompressedLength(int row) {
        return field(row, atUncompressed, uncompressedBits);
    }

    /** The entry of {@code row}, whose ID is {@code key}. */
    IndexEntry entry(int row, long[] key, long[] packWords) {
        BlobType type = tree(row) == 1 ? BlobType.TREE : BlobType.DATA;
        PackBlob blob = new PackBlob(type, MasterIndex.idOf(key[0], key[1], key[2], key[3]), offset(row),
                (int) length(row), (int) uncompressedLength(row));
        return new IndexEntry(MasterIndex.packId(packWords, pack(row)), blob);
    }

    long memoryBytes() {
        long bytes = (long) pages.length * Long.BYTES + (long) dir.length * Integer.BYTES;
        for (long[] page : pages) if (page != null) bytes += (long) page.length * Long.BYTES;
        return bytes;
    }

    private long field(int row, int at, int width) {
        return get(pages[row >>> PAGE_SHIFT], (row & PAGE_MASK) * rowBits + at, width);
    }

    private static long get(long[] page, int bit, int width) {
        if (width == 0) return 0;
        int word = bit >>> 6;
        int shift = bit & 63;
        long v = page[word] >>> shift;
        if (shift + width > Long.SIZE) v |= page[word + 1] << (Long.SIZE - shift);
        return width == Long.SIZE ? v : v & ((1L << width) - 1);
    }

    private static void put(long[] page, int bit, int width, long value) {
        if (width == 0) return;
        int word = bit >>> 6;
        int shift = bit & 63;
        page[word] |= value << shift;
        if (shift + width > Long.SIZE) page[word + 1] |= value >>> (Long.SIZE - shift);
    }

    /** Builds a run from rows given in key order. */
    static final class Writer {
        private final SortedRun run;
        private int rows;
        private int nextBucket;

        /** A writer for exactly {@code count} rows with fields of the given widths. */
        Writer(int count, int packBits, int offsetBits, int lengthBits, int uncompressedBits) {
            int dirBits = dirBitsFor(count);
            run = new SortedRun(new long[(count + PAGE_MASK) >>> PAGE_SHIFT][], count, new int[(1 << dirBits) + 1],
                    dirBits, packBits, offsetBits, lengthBits, uncompressedBits);
        }

        void add(long w0, long w1, long w2, long w3, int tree, int pack, long offset, long length, long uncompressed) {
            int row = rows++;
            SortedRun r = run;
            if ((row & PAGE_MASK) == 0) {
                long bits = (long) Math.min(PAGE_ROWS, r.count - row) * r.rowBits;
                r.pages[row >>> PAGE_SHIFT] = new long[(int) ((bits + 63) >>> 6)];
            }
            int bucket = r.bucket(w0);
            while (nextBucket <= bucket) r.dir[nextBucket++] = row;
            long[] page = r.pages[row >>> PAGE_SHIFT];
            int base = (row & PAGE_MASK) * r.rowBits;
            put(page, base, r.restBits, r.rest(w0));
            put(page, base + r.restBits, Long.SIZE, w1);
            put(page, base + r.restBits + Long.SIZE, Long.SIZE, w2);
            put(page, base + r.restBits + 2 * Long.SIZE, Long.SIZE, w3);
            put(page, base + r.atTree, 1, tree);
            put(page, base + r.atPack, r.packBits, pack);
            put(page, base + r.atOffset, r.offsetBits, offset);
            put(page, base + r.atLength, r.lengthBits, length);
            put(page, base + r.atUncompressed, r.uncompressedBits, uncompressed);
        }

        SortedRun finish() {
            if (rows != run.count) throw new IllegalStateException(rows + " rows written, " + run.count + " announced");
            while (nextBucket < run.dir.length) run.dir[nextBucket++] = rows;
            return run;
        }
    }
}

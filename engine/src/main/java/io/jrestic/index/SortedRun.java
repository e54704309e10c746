package io.jrestic.index;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.util.Arrays;

/**
 * Blob entries sorted by (ID, type) in pages of 8192 rows; immutable once written.
 *
 * <p><b>Keys.</b> The ID's first {@code dirBits} bits pick a bucket of the directory, which gives the bucket's
 * first row; SHA-256 IDs are uniform, so a bucket holds about eight rows and those bits are not stored. The next
 * 64 bits of each ID sit in an aligned {@code long} column: a lookup scans its bucket there (one cache line) and
 * reads the rest of the row only when those 64 bits match, so an unknown ID costs two memory reads and a known
 * one three. The remaining ID bits and the type bit form a fixed-width bit-packed tail.
 *
 * <p><b>Payload.</b> Pack number and offset are as wide as the largest value needs. Lengths vary over orders of
 * magnitude (small files and trees against 8 MiB chunks), so a {@link Layout} may define up to eight width
 * classes for (length, uncompressed length), each row stating its class in a few leading bits. Rows of several
 * classes differ in width: the payload position of every sixteenth row is recorded and a read steps over at most
 * fifteen rows from there, within the same one or two cache lines.
 */
final class SortedRun {
    static final int PAGE_SHIFT = 13;
    static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE_ROWS - 1;
    private static final int MARK_SHIFT = 5;
    private static final int MARK_ROWS = 1 << MARK_SHIFT;
    private static final int MARK_MASK = MARK_ROWS - 1;
    /** Marks are 16-bit offsets from a full position recorded every 256 rows: 255 rows of at most 130 bits fit. */
    private static final int BLOCK_SHIFT = 8;
    /** At most this many buckets share a full directory entry; each adds a byte, its first row's distance from it. */
    private static final int MAX_GROUP_SHIFT = 4;
    static final SortedRun EMPTY = new Writer(0, Layout.choose(new long[Layout.WIDTHS * Layout.WIDTHS], 0, 0)).finish();

    final int count;
    // The directory: bucket b starts at row groups[b >>> groupShift] + (firsts[b] & 0xff); bucket 2^dirBits is
    // the end. Eight rows a bucket and sixteen buckets a group cost a byte and a quarter per eight rows.
    private final int[] groups;
    private final byte[] firsts;
    private final int groupShift;
    private final int dirBits;
    /** Bits of ID word 1 that the key column does not hold. */
    private final int lowBits;
    private final int tailBits;
    private final Layout layout;
    private final long[][] keys;
    private final long[][] tails;
    private final long[][] payloads;
    /** Per page, the payload bit position of every 256th row; null when all rows have one width. */
    private final int[][] blockMarks;
    /** Per page, the payload bit position of every sixteenth row less its block's. */
    private final char[][] marks;

    private SortedRun(int count, int[] groups, byte[] firsts, int groupShift, int dirBits, Layout layout,
                      long[][] keys, long[][] tails, long[][] payloads, int[][] blockMarks, char[][] marks) {
        this.count = count;
        this.groups = groups;
        this.firsts = firsts;
        this.groupShift = groupShift;
        this.dirBits = dirBits;
        this.lowBits = Long.SIZE - dirBits;
        this.tailBits = lowBits + 2 * Long.SIZE + 1;
        this.layout = layout;
        this.keys = keys;
        this.tails = tails;
        this.payloads = payloads;
        this.blockMarks = blockMarks;
        this.marks = marks;
    }

    /** A view that keeps this run's pages reachable even when a merge releases them from the run. */
    SortedRun snapshot() {
        return new SortedRun(count, groups, firsts, groupShift, dirBits, layout, keys.clone(), tails.clone(),
                payloads.clone(), blockMarks == null ? null : blockMarks.clone(), marks == null ? null : marks.clone());
    }

    /** Directory bits for {@code rows} rows: four to eight rows per bucket. */
    static int dirBitsFor(int rows) {
        int log = Integer.SIZE - 1 - Integer.numberOfLeadingZeros(Math.max(rows, 1));
        return Math.clamp(log - 2, 0, 30);
    }

    // ------------------------------------------------------------------------------------------------ search

    /**
     * The first row holding exactly (ID, type), or -1. Allocates nothing. The bucket's keys are uniform, so the
     * key's leading bits predict its place among the bucket's rows; a step or two from there finds it.
     */
    int find(long w0, long w1, long w2, long w3, int tree) {
        int b = bucket(w0);
        int lo = start(b);
        int hi = start(b + 1);
        if (lo == hi) return -1;
        long key = key(w0, w1);
        int row = lo + (int) (((key >>> 40) * (hi - lo)) >>> 24);
        if (Long.compareUnsigned(keyAt(row), key) < 0) {
            do row++; while (row < hi && Long.compareUnsigned(keyAt(row), key) < 0);
        } else {
            while (row > lo && Long.compareUnsigned(keyAt(row - 1), key) >= 0) row--;
        }
        long low = w1 & lowMask();
        for (; row < hi && keyAt(row) == key; row++) {
            if (tailEquals(row, low, w2, w3, tree)) return row;
        }
        return -1;
    }

    private long keyAt(int row) {
        return keys[row >>> PAGE_SHIFT][row & PAGE_MASK];
    }

    /** True if {@code row} (a row after one that held this key) holds exactly (ID, type) too. */
    boolean holds(int row, long w0, long w1, long w2, long w3, int tree) {
        return row < start(bucket(w0) + 1) && keys[row >>> PAGE_SHIFT][row & PAGE_MASK] == key(w0, w1)
                && tailEquals(row, w1 & lowMask(), w2, w3, tree);
    }

    private boolean tailEquals(int row, long low, long w2, long w3, int tree) {
        long[] page = tails[row >>> PAGE_SHIFT];
        int base = (row & PAGE_MASK) * tailBits;
        return get(page, base, lowBits) == low && get(page, base + lowBits, Long.SIZE) == w2
                && get(page, base + lowBits + Long.SIZE, Long.SIZE) == w3
                && (int) get(page, base + lowBits + 2 * Long.SIZE, 1) == tree;
    }

    private int bucket(long w0) {
        return dirBits == 0 ? 0 : (int) (w0 >>> lowBits);
    }

    /** The 64 ID bits after the directory's. */
    private long key(long w0, long w1) {
        return dirBits == 0 ? w0 : w0 << dirBits | w1 >>> lowBits;
    }

    private long lowMask() {
        return -1L >>> dirBits;
    }

    /** The first row of bucket {@code b}. */
    private int start(int b) {
        return groups[b >>> groupShift] + (firsts[b] & 0xff);
    }

    /** The bucket holding {@code row}: the last b with start(b) ≤ row. */
    private int bucketOf(int row) {
        int lo = 0;
        int hi = firsts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start(mid) <= row) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    // ------------------------------------------------------------------------------------------------ fields

    /** The entry of {@code row}, whose ID the caller knows to be {@code id}. */
    IndexEntry entry(int row, Id id, long[] packWords) {
        long[] page = payloads[row >>> PAGE_SHIFT];
        int at = payloadAt(row);
        int c = (int) get(page, at, layout.classBits);
        at += layout.classBits;
        int pack = (int) get(page, at, layout.packBits);
        at += layout.packBits;
        long offset = get(page, at, layout.offsetBits);
        at += layout.offsetBits;
        long length = get(page, at, layout.lengthBits[c]);
        long uncompressed = get(page, at + layout.lengthBits[c], layout.uncompressedBits[c]);
        int base = (row & PAGE_MASK) * tailBits;
        BlobType type = get(tails[row >>> PAGE_SHIFT], base + lowBits + 2 * Long.SIZE, 1) == 1 ? BlobType.TREE
                : BlobType.DATA;
        return new IndexEntry(MasterIndex.packId(packWords, pack),
                new PackBlob(type, id, offset, (int) length, (int) uncompressed));
    }

    /** The entry of {@code row}, its ID rebuilt from the row. */
    IndexEntry entry(int row, long[] packWords) {
        Cursor c = new Cursor();
        c.seek(row);
        return c.entry(packWords);
    }

    /** True if {@code row} places its blob exactly so. */
    boolean placedAt(int row, int pack, long offset, long length, long uncompressed) {
        Cursor c = new Cursor();
        c.seek(row);
        return c.pack == pack && c.offset == offset && c.length == length && c.uncompressed == uncompressed;
    }

    private int payloadAt(int row) {
        int inPage = row & PAGE_MASK;
        if (marks == null) return inPage * layout.rowBits[0];
        long[] page = payloads[row >>> PAGE_SHIFT];
        int at = blockMarks[row >>> PAGE_SHIFT][inPage >>> BLOCK_SHIFT] + marks[row >>> PAGE_SHIFT][inPage >>> MARK_SHIFT];
        for (int r = inPage & ~MARK_MASK; r < inPage; r++) at += layout.rowBits[(int) get(page, at, layout.classBits)];
        return at;
    }

    long memoryBytes() {
        long bytes = 5L * keys.length * Long.BYTES + (long) groups.length * Integer.BYTES + firsts.length;
        for (int p = 0; p < keys.length; p++) {
            if (keys[p] != null) bytes += (long) keys[p].length * Long.BYTES;
            if (tails[p] != null) bytes += (long) tails[p].length * Long.BYTES;
            if (payloads[p] != null) bytes += (long) payloads[p].length * Long.BYTES;
            if (marks != null && marks[p] != null) {
                bytes += (long) marks[p].length * Character.BYTES + (long) blockMarks[p].length * Integer.BYTES;
            }
        }
        return bytes;
    }

    /** Drops page {@code p}, whose rows a merge has consumed; optimistic readers that meet it retry under the lock. */
    void release(int p) {
        keys[p] = null;
        tails[p] = null;
        payloads[p] = null;
        if (marks != null) {
            marks[p] = null;
            blockMarks[p] = null;
        }
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

    /** Reads rows in order, one at a time, into its fields; {@link #seek} positions it anywhere. */
    final class Cursor {
        int row = -1;
        long w0;
        long w1;
        long w2;
        long w3;
        int tree;
        int pack;
        long offset;
        long length;
        long uncompressed;
        private int bucket;
        private int at;

        /** Moves to the next row; false past the last. */
        boolean next() {
            if (++row >= count) return false;
            int inPage = row & PAGE_MASK;
            if (inPage == 0) at = 0;
            while (start(bucket + 1) <= row) bucket++;
            read(inPage);
            return true;
        }

        void seek(int target) {
            row = target;
            bucket = bucketOf(target);
            at = payloadAt(target);
            read(target & PAGE_MASK);
        }

        private void read(int inPage) {
            int p = row >>> PAGE_SHIFT;
            long k = keys[p][inPage];
            long[] tail = tails[p];
            int base = inPage * tailBits;
            long low = get(tail, base, lowBits);
            if (dirBits == 0) {
                w0 = k;
                w1 = low;
            } else {
                w0 = (long) bucket << lowBits | k >>> dirBits;
                w1 = k << lowBits | low;
            }
            w2 = get(tail, base + lowBits, Long.SIZE);
            w3 = get(tail, base + lowBits + Long.SIZE, Long.SIZE);
            tree = (int) get(tail, base + lowBits + 2 * Long.SIZE, 1);
            long[] page = payloads[p];
            int a = marks == null ? inPage * layout.rowBits[0] : at;
            int c = (int) get(page, a, layout.classBits);
            a += layout.classBits;
            pack = (int) get(page, a, layout.packBits);
            a += layout.packBits;
            offset = get(page, a, layout.offsetBits);
            a += layout.offsetBits;
            length = get(page, a, layout.lengthBits[c]);
            a += layout.lengthBits[c];
            uncompressed = get(page, a, layout.uncompressedBits[c]);
            at = a + layout.uncompressedBits[c];
        }

        IndexEntry entry(long[] packWords) {
            PackBlob blob = new PackBlob(tree == 1 ? BlobType.TREE : BlobType.DATA, Id.ofWords(w0, w1, w2, w3), offset,
                    (int) length, (int) uncompressed);
            return new IndexEntry(MasterIndex.packId(packWords, pack), blob);
        }
    }

    /**
     * Field widths of a run: pack number and offset for all rows, (length, uncompressed length) per class. Rows
     * fall into classes by the wider of their two lengths; {@link #choose} picks the classes that make the run
     * smallest for the lengths counted.
     */
    static final class Layout {
        /** Bit counts 0 to 32 that a length may need. */
        static final int WIDTHS = Integer.SIZE + 1;
        private static final int MAX_CLASS_BITS = 3;

        final int packBits;
        final int offsetBits;
        final int classBits;
        final int[] lengthBits;
        final int[] uncompressedBits;
        final int[] rowBits;
        /** For each width 0 to 32, the class of rows whose wider length needs that many bits. */
        private final byte[] classOfWidth;

        private Layout(int packBits, int offsetBits, int classBits, int[] lengthBits, int[] uncompressedBits,
                       byte[] classOfWidth) {
            this.packBits = packBits;
            this.offsetBits = offsetBits;
            this.classBits = classBits;
            this.lengthBits = lengthBits;
            this.uncompressedBits = uncompressedBits;
            this.classOfWidth = classOfWidth;
            rowBits = new int[lengthBits.length];
            for (int c = 0; c < rowBits.length; c++) {
                rowBits[c] = classBits + packBits + offsetBits + lengthBits[c] + uncompressedBits[c];
            }
        }

        /** Index of the counter for a row whose length needs {@code lengthWidth} bits and uncompressed length {@code uncompressedWidth}. */
        static int counter(int lengthWidth, int uncompressedWidth) {
            return lengthWidth * WIDTHS + uncompressedWidth;
        }

        int classOf(long length, long uncompressed) {
            return classOfWidth[Math.max(MasterIndex.bitsFor(length), MasterIndex.bitsFor(uncompressed))];
        }

        /**
         * The smallest layout for rows counted in {@code counts} (by {@link #counter}): classes are contiguous
         * ranges of the wider length's width, found by dynamic programming for 1, 2, 4 and 8 classes; more than
         * one class costs the class bits and the position marks.
         */
        static Layout choose(long[] counts, int packBits, int offsetBits) {
            long[] rows = new long[WIDTHS];
            int[] maxLength = new int[WIDTHS];
            int[] maxUncompressed = new int[WIDTHS];
            long total = 0;
            for (int l = 0; l < WIDTHS; l++) {
                for (int u = 0; u < WIDTHS; u++) {
                    long n = counts[counter(l, u)];
                    if (n == 0) continue;
                    int w = Math.max(l, u);
                    rows[w] += n;
                    maxLength[w] = Math.max(maxLength[w], l);
                    maxUncompressed[w] = Math.max(maxUncompressed[w], u);
                    total += n;
                }
            }
            int[] widths = java.util.stream.IntStream.range(0, WIDTHS).filter(w -> rows[w] > 0).toArray();
            int m = widths.length;
            if (m == 0) return new Layout(packBits, offsetBits, 0, new int[1], new int[1], new byte[WIDTHS]);
            // cost[i][j]: bits of the rows of widths[i..j) as one class.
            long[][] cost = new long[m + 1][m + 1];
            for (int i = 0; i < m; i++) {
                long n = 0;
                int l = 0;
                int u = 0;
                for (int j = i; j < m; j++) {
                    n += rows[widths[j]];
                    l = Math.max(l, maxLength[widths[j]]);
                    u = Math.max(u, maxUncompressed[widths[j]]);
                    cost[i][j + 1] = n * (l + u);
                }
            }
            long best = Long.MAX_VALUE;
            int[] bestCuts = null;
            int bestClassBits = 0;
            for (int bits = 0; bits <= MAX_CLASS_BITS; bits++) {
                int classes = Math.min(1 << bits, m);
                // least[k][j]: the rows of widths[0..j) in k classes; from[k][j]: where the last class starts.
                long[][] least = new long[classes + 1][m + 1];
                int[][] from = new int[classes + 1][m + 1];
                for (long[] row : least) Arrays.fill(row, Long.MAX_VALUE);
                least[0][0] = 0;
                for (int k = 1; k <= classes; k++) {
                    for (int j = 1; j <= m; j++) {
                        for (int i = k - 1; i < j; i++) {
                            if (least[k - 1][i] == Long.MAX_VALUE) continue;
                            long c = least[k - 1][i] + cost[i][j];
                            if (c < least[k][j]) {
                                least[k][j] = c;
                                from[k][j] = i;
                            }
                        }
                    }
                }
                long overhead = bits == 0 ? 0
                        : total * bits + total * Character.SIZE / MARK_ROWS + total * Integer.SIZE >> BLOCK_SHIFT;
                if (least[classes][m] == Long.MAX_VALUE || least[classes][m] + overhead >= best) continue;
                best = least[classes][m] + overhead;
                bestClassBits = bits;
                bestCuts = new int[classes + 1];
                for (int k = classes, j = m; k > 0; j = from[k][j], k--) bestCuts[k] = j;
                if (bits > 0 && classes < (1 << bits)) break; // fewer widths than classes: more bits cannot help
            }
            int classes = bestCuts.length - 1;
            int[] lengthBits = new int[classes];
            int[] uncompressedBits = new int[classes];
            byte[] classOfWidth = new byte[WIDTHS];
            Arrays.fill(classOfWidth, (byte) (classes - 1));
            for (int c = classes - 1; c >= 0; c--) {
                for (int i = bestCuts[c]; i < bestCuts[c + 1]; i++) {
                    lengthBits[c] = Math.max(lengthBits[c], maxLength[widths[i]]);
                    uncompressedBits[c] = Math.max(uncompressedBits[c], maxUncompressed[widths[i]]);
                }
                // Widths up to this class's widest belong to it (widths no row has included).
                for (int w = 0; w <= widths[bestCuts[c + 1] - 1]; w++) classOfWidth[w] = (byte) c;
            }
            return new Layout(packBits, offsetBits, bestClassBits, lengthBits, uncompressedBits, classOfWidth);
        }

        /** True if a row of class {@code c} holds these values. */
        boolean fits(int c, int pack, long offset, long length, long uncompressed) {
            return MasterIndex.bitsFor(pack) <= packBits && MasterIndex.bitsFor(offset) <= offsetBits
                    && MasterIndex.bitsFor(length) <= lengthBits[c]
                    && MasterIndex.bitsFor(uncompressed) <= uncompressedBits[c];
        }
    }

    /** Builds a run from rows given in key order. */
    static final class Writer {
        private final SortedRun run;
        private final int[] starts;
        private final Layout layout;
        private final long[] scratch;
        private int rows;
        private int nextBucket;
        private int at;

        /** A writer for exactly {@code count} rows. */
        Writer(int count, Layout layout) {
            int dirBits = dirBitsFor(count);
            int pages = (count + PAGE_MASK) >>> PAGE_SHIFT;
            boolean variable = layout.rowBits.length > 1;
            starts = new int[(1 << dirBits) + 1];
            run = new SortedRun(count, null, null, 0, dirBits, layout, new long[pages][], new long[pages][],
                    new long[pages][], variable ? new int[pages][] : null, variable ? new char[pages][] : null);
            this.layout = layout;
            int widest = Arrays.stream(layout.rowBits).max().orElse(0);
            scratch = variable ? new long[(int) (((long) PAGE_ROWS * widest + 63) >>> 6) + 1] : null;
        }

        void add(long w0, long w1, long w2, long w3, int tree, int pack, long offset, long length, long uncompressed) {
            int row = rows++;
            SortedRun r = run;
            int p = row >>> PAGE_SHIFT;
            int inPage = row & PAGE_MASK;
            int pageRows = Math.min(PAGE_ROWS, r.count - (row & ~PAGE_MASK));
            if (inPage == 0) {
                r.keys[p] = new long[pageRows];
                r.tails[p] = new long[(int) (((long) pageRows * r.tailBits + 63) >>> 6)];
                if (scratch == null) {
                    r.payloads[p] = new long[(int) (((long) pageRows * layout.rowBits[0] + 63) >>> 6)];
                } else {
                    r.marks[p] = new char[(pageRows + MARK_MASK) >>> MARK_SHIFT];
                    r.blockMarks[p] = new int[(pageRows + (1 << BLOCK_SHIFT) - 1) >>> BLOCK_SHIFT];
                    Arrays.fill(scratch, 0L);
                }
                at = 0;
            }
            int bucket = r.bucket(w0);
            while (nextBucket <= bucket) starts[nextBucket++] = row;
            r.keys[p][inPage] = r.key(w0, w1);
            long[] tail = r.tails[p];
            int base = inPage * r.tailBits;
            put(tail, base, r.lowBits, w1 & r.lowMask());
            put(tail, base + r.lowBits, Long.SIZE, w2);
            put(tail, base + r.lowBits + Long.SIZE, Long.SIZE, w3);
            put(tail, base + r.lowBits + 2 * Long.SIZE, 1, tree);
            int c = layout.classOf(length, uncompressed);
            if (!layout.fits(c, pack, offset, length, uncompressed)) {
                throw new IllegalStateException("row " + row + " does not fit the run's field widths");
            }
            long[] page;
            if (scratch == null) {
                page = r.payloads[p];
                at = inPage * layout.rowBits[0];
            } else {
                page = scratch;
                if ((inPage & ((1 << BLOCK_SHIFT) - 1)) == 0) r.blockMarks[p][inPage >>> BLOCK_SHIFT] = at;
                if ((inPage & MARK_MASK) == 0) {
                    r.marks[p][inPage >>> MARK_SHIFT] = (char) (at - r.blockMarks[p][inPage >>> BLOCK_SHIFT]);
                }
            }
            int a = at;
            put(page, a, layout.classBits, c);
            a += layout.classBits;
            put(page, a, layout.packBits, pack);
            a += layout.packBits;
            put(page, a, layout.offsetBits, offset);
            a += layout.offsetBits;
            put(page, a, layout.lengthBits[c], length);
            a += layout.lengthBits[c];
            put(page, a, layout.uncompressedBits[c], uncompressed);
            at = a + layout.uncompressedBits[c];
            if (scratch != null && inPage == pageRows - 1) r.payloads[p] = Arrays.copyOf(scratch, (at + 63) >>> 6);
        }

        SortedRun finish() {
            if (rows != run.count) throw new IllegalStateException(rows + " rows written, " + run.count + " announced");
            while (nextBucket < starts.length) starts[nextBucket++] = rows;
            // The widest grouping whose buckets all start within 255 rows of their group's first.
            int shift = Math.min(MAX_GROUP_SHIFT, run.dirBits);
            while (shift > 0 && !fitsGroups(shift)) shift--;
            int[] groups = new int[((starts.length - 1) >>> shift) + 1];
            byte[] firsts = new byte[starts.length];
            for (int b = 0; b < starts.length; b++) {
                if ((b & ((1 << shift) - 1)) == 0) groups[b >>> shift] = starts[b];
                firsts[b] = (byte) (starts[b] - groups[b >>> shift]);
            }
            SortedRun r = run;
            return new SortedRun(r.count, groups, firsts, shift, r.dirBits, layout, r.keys, r.tails, r.payloads,
                    r.blockMarks, r.marks);
        }

        private boolean fitsGroups(int shift) {
            for (int b = 0; b < starts.length; b++) {
                if (starts[b] - starts[b & -(1 << shift)] > 0xff) return false;
            }
            return true;
        }
    }
}

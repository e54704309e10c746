package io.jrestic.index;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The in-memory index of a repository: for every (type, ID), the pack(s) holding that blob and where.
 *
 * <p><b>Layout.</b> A large repository has tens of millions of blobs, so there is no object per blob, and no
 * hash table over them either. Most blobs live in a {@link SortedRun}: rows sorted by ID, found through a
 * directory of the ID's first bits (not stored again) and a column of the next 64, the rest bit-packed with
 * field widths fitted to the largest pack number and offset and, for lengths, to classes of similar sizes.
 * A blob takes 40 bytes or less when packs hold a few dozen blobs or more, pack IDs included (see
 * {@link #memoryBytes}); lookups allocate nothing but the entry they return. Blobs added since the last merge sit in a small hashed delta of
 * 48-byte rows; it is merged into the run when it reaches half the run's size (so loading n blobs merges
 * O(n) rows in all), and {@link #compact} merges it at once after a bulk load. Packs live in a table of
 * their IDs and are referred to by number.
 *
 * <p><b>Duplicates.</b> The same blob may be stored in several packs; all copies are kept ({@link #lookupAll}),
 * the first added first. Adding exactly the same entry twice (the same pack described by two index files)
 * keeps one.
 *
 * <p><b>Concurrency.</b> Thread-safe. Lookups first run as optimistic reads of a {@link StampedLock} and fall
 * back to its read lock only when a writer was active meanwhile, so they scale while packs are being added.
 * A run never changes once built and the delta only grows, which lets {@link #forEach} run without the lock.
 */
public final class MasterIndex {
    private static final int DELTA_WORDS = 6;
    private static final int D_OFFSET_LENGTH = 4;
    private static final int D_META = 5;
    static final int MAX_LOAD_PERCENT = 75;
    private static final int COMPACT_LOAD_PERCENT = 85;
    private static final int MIN_DELTA_SLOTS = 64;
    /** Below this many entries the delta is not merged on its own: merging tiny runs would only churn. */
    private static final int MIN_MERGE = 1 << 12;
    /** Merge sorting numbers delta entries in 24 bits. */
    private static final int MAX_DELTA = 1 << 24;
    /** Pack numbers share a word with the type bit in delta rows: at most 2^30 packs. */
    private static final int MAX_PACKS = 1 << 30;
    public static final int MAX_BLOBS = 1 << 30;
    private static final long UINT32 = 0xffff_ffffL;
    private static final int FINGERPRINT_BITS = 5;
    private static final int ROW_BITS = Integer.SIZE - FINGERPRINT_BITS;
    private static final int ROW_MASK = (1 << ROW_BITS) - 1;
    private static final long TREE_SALT = 0x9e37_79b9_7f4a_7c15L;

    private final StampedLock lock = new StampedLock();

    private SortedRun run = SortedRun.EMPTY;

    // The delta: rows of 6 longs (ID, offset ‖ length, uncompressed length ‖ pack number ‖ type) in insertion
    // order and a linear-probing table of row + 1 with a 5-bit fingerprint of the key above it (0 is empty).
    private long[] delta;
    private int deltaCount;
    private int[] deltaSlots;

    // What fixes the field widths of the next run: the largest offset, and how many rows need how many bits
    // for (length, uncompressed length).
    private long maxOffset;
    private final long[] lengthWidths = new long[SortedRun.Layout.WIDTHS * SortedRun.Layout.WIDTHS];

    // Packs: ID words (4 per pack), hash table of pack number + 1, total bytes of blobs and header entries.
    private long[] packWords = new long[4 * 16];
    private int packCount;
    private int[] packSlots = new int[MIN_DELTA_SLOTS];
    private long[] packBytes = new long[16];

    /** The run's rows grouped by pack, built when {@link #blobsOfPack} is first asked after a merge. */
    private PackRows byPack;

    public MasterIndex() {
        this(0);
    }

    /** An index whose delta holds {@code expectedBlobs} without growing. */
    public MasterIndex(int expectedBlobs) {
        int rows = Math.max(16, Math.min(expectedBlobs, MIN_MERGE));
        delta = new long[rows * DELTA_WORDS];
        deltaSlots = new int[tableSizeFor(rows)];
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Adds the blobs of one pack, e.g. from an index file or a pack just uploaded. */
    public void addPack(Id packId, List<PackBlob> blobs) {
        for (PackBlob b : blobs) {
            if (b.offset() + b.length() > UINT32 + 1) {
                throw new IllegalArgumentException("pack " + packId + ": blob " + b.id() + " at offset " + b.offset()
                        + " lies beyond 4 GiB, which the index format cannot describe");
            }
        }
        long stamp = lock.writeLock();
        try {
            int pack = packNumber(packId, true);
            long bytes = 0;
            for (PackBlob b : blobs) {
                if (insert(pack, b)) bytes += b.length() + b.headerEntrySize();
            }
            packBytes[pack] += bytes;
            if (deltaCount >= Math.max(MIN_MERGE, run.count / 2) || deltaCount >= MAX_DELTA) merge();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Adds every pack of an index file. */
    public void addIndexFile(IndexFile index) {
        for (IndexPack p : index.packs()) addPack(p.packId(), p.blobs());
    }

    /**
     * Merges the blobs added since the last merge into the sorted run, the most compact form. The index merges
     * by itself as blobs accumulate; calling this after loading all index files saves up to a third more.
     */
    public void compact() {
        long stamp = lock.writeLock();
        try {
            merge();
            // The pack table's growth slack is worth a byte per blob when packs hold few blobs; a full table
            // (85%) is no slower to search for the few pack lookups a loaded index serves.
            packWords = Arrays.copyOf(packWords, packCount * 4);
            packBytes = Arrays.copyOf(packBytes, packCount);
            rehashPacks(Math.max(MIN_DELTA_SLOTS, (int) ((long) packCount * 100 / COMPACT_LOAD_PERCENT) + 1));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private boolean insert(int pack, PackBlob b) {
        Id id = b.id();
        long w0 = id.word(0);
        long w1 = id.word(1);
        long w2 = id.word(2);
        long w3 = id.word(3);
        int tree = b.type() == BlobType.TREE ? 1 : 0;
        long length = b.length() & UINT32;
        long uncompressed = b.uncompressedLength() & UINT32;
        long offsetLength = b.offset() << 32 | length;
        long meta = uncompressed << 32 | ((long) pack << 1 | tree);
        if (run.count + deltaCount >= MAX_BLOBS) {
            throw new IllegalStateException("index holds the maximum of " + MAX_BLOBS + " blobs");
        }
        SortedRun r = run;
        for (int row = r.find(w0, w1, w2, w3, tree); row >= 0; row = r.holds(row + 1, w0, w1, w2, w3, tree) ? row + 1 : -1) {
            if (r.placedAt(row, pack, b.offset(), length, uncompressed)) return false; // exactly this entry is known
        }
        int mask = deltaSlots.length - 1;
        long h = hash(w0, tree);
        int fp = fingerprint(h);
        int i = (int) (h ^ (h >>> 32)) & mask;
        for (int s; (s = deltaSlots[i]) != 0; i = (i + 1) & mask) {
            if (s >>> ROW_BITS != fp) continue;
            int at = ((s & ROW_MASK) - 1) * DELTA_WORDS;
            if (delta[at] == w0 && delta[at + 1] == w1 && delta[at + 2] == w2 && delta[at + 3] == w3
                    && delta[at + D_OFFSET_LENGTH] == offsetLength && delta[at + D_META] == meta) {
                return false;
            }
        }
        int row = deltaCount;
        if ((row + 1) * DELTA_WORDS > delta.length) delta = Arrays.copyOf(delta, delta.length * 2);
        int at = row * DELTA_WORDS;
        delta[at] = w0;
        delta[at + 1] = w1;
        delta[at + 2] = w2;
        delta[at + 3] = w3;
        delta[at + D_OFFSET_LENGTH] = offsetLength;
        delta[at + D_META] = meta;
        deltaCount = row + 1;
        deltaSlots[i] = fp << ROW_BITS | (row + 1);
        if ((long) deltaCount * 100 > (long) deltaSlots.length * MAX_LOAD_PERCENT) rehashDelta();
        maxOffset = Math.max(maxOffset, b.offset());
        lengthWidths[SortedRun.Layout.counter(bitsFor(length), bitsFor(uncompressed))]++;
        return true;
    }

    private void rehashDelta() {
        int[] table = new int[deltaSlots.length * 2];
        int mask = table.length - 1;
        for (int row = 0; row < deltaCount; row++) {
            int at = row * DELTA_WORDS;
            long h = hash(delta[at], (int) delta[at + D_META] & 1);
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (table[i] != 0) i = (i + 1) & mask;
            table[i] = fingerprint(h) << ROW_BITS | (row + 1);
        }
        deltaSlots = table;
    }

    /** Merges the delta into a new run, releasing the old run's pages as they are consumed. Under the write lock. */
    private void merge() {
        int d = deltaCount;
        if (d == 0) return;
        int[] order = sortedDelta();
        SortedRun old = run;
        SortedRun.Writer out = new SortedRun.Writer(old.count + d,
                SortedRun.Layout.choose(lengthWidths, bitsFor(packCount - 1L), bitsFor(maxOffset)));
        SortedRun.Cursor c = old.new Cursor();
        int j = 0;
        while (c.next()) {
            for (; j < d && compareDelta(order[j], c) < 0; j++) emitDelta(out, order[j]);
            out.add(c.w0, c.w1, c.w2, c.w3, c.tree, c.pack, c.offset, c.length, c.uncompressed);
            if ((c.row & SortedRun.PAGE_MASK) == SortedRun.PAGE_MASK) old.release(c.row >>> SortedRun.PAGE_SHIFT);
        }
        for (; j < d; j++) emitDelta(out, order[j]);
        run = out.finish();
        delta = new long[16 * DELTA_WORDS];
        deltaSlots = new int[MIN_DELTA_SLOTS];
        deltaCount = 0;
        byPack = null;
    }

    private void emitDelta(SortedRun.Writer out, int row) {
        int at = row * DELTA_WORDS;
        long ol = delta[at + D_OFFSET_LENGTH];
        long meta = delta[at + D_META];
        out.add(delta[at], delta[at + 1], delta[at + 2], delta[at + 3], (int) meta & 1, (int) (meta & UINT32) >>> 1,
                ol >>> 32, ol & UINT32, meta >>> 32);
    }

    /** Delta rows in key order, rows of equal key in insertion order. */
    private int[] sortedDelta() {
        int d = deltaCount;
        // Sort on the first 40 bits of the ID with the row number below them (unsigned order via the sign flip),
        // then settle the rare runs sharing those 40 bits by the full key.
        long[] keys = new long[d];
        for (int row = 0; row < d; row++) keys[row] = ((delta[row * DELTA_WORDS] & ~0xff_ffffL) | row) ^ Long.MIN_VALUE;
        Arrays.sort(keys);
        int[] order = new int[d];
        for (int i = 0; i < d; i++) order[i] = (int) (keys[i] & 0xff_ffff);
        for (int i = 1; i < d; i++) {
            if ((keys[i] ^ keys[i - 1]) >>> 24 != 0) continue;
            int start = i - 1;
            while (i < d && (keys[i] ^ keys[start]) >>> 24 == 0) i++;
            Integer[] tie = new Integer[i - start];
            for (int t = 0; t < tie.length; t++) tie[t] = order[start + t];
            Arrays.sort(tie, this::compareDeltaRows);
            for (int t = 0; t < tie.length; t++) order[start + t] = tie[t];
            i--;
        }
        return order;
    }

    private int compareDeltaRows(int a, int b) {
        int at = a * DELTA_WORDS;
        int bt = b * DELTA_WORDS;
        for (int w = 0; w < 4; w++) {
            int c = Long.compareUnsigned(delta[at + w], delta[bt + w]);
            if (c != 0) return c;
        }
        int c = Integer.compare((int) delta[at + D_META] & 1, (int) delta[bt + D_META] & 1);
        return c != 0 ? c : Integer.compare(a, b);
    }

    /** Compares delta row {@code row} with the key of the cursor's row. */
    private int compareDelta(int row, SortedRun.Cursor k) {
        int at = row * DELTA_WORDS;
        int c = Long.compareUnsigned(delta[at], k.w0);
        if (c == 0) c = Long.compareUnsigned(delta[at + 1], k.w1);
        if (c == 0) c = Long.compareUnsigned(delta[at + 2], k.w2);
        if (c == 0) c = Long.compareUnsigned(delta[at + 3], k.w3);
        return c != 0 ? c : Integer.compare((int) delta[at + D_META] & 1, k.tree);
    }

    /** The number of {@code packId}, optionally adding it; -1 if absent and not added. Under a lock. */
    private int packNumber(Id packId, boolean add) {
        long w0 = packId.word(0);
        long w1 = packId.word(1);
        long w2 = packId.word(2);
        long w3 = packId.word(3);
        int[] table = packSlots;
        long[] words = packWords;
        int i = packSlot(w0, table.length);
        for (int n; (n = table[i] - 1) >= 0; i = i + 1 == table.length ? 0 : i + 1) {
            int at = n * 4;
            if (words[at] == w0 && words[at + 1] == w1 && words[at + 2] == w2 && words[at + 3] == w3) return n;
        }
        if (!add) return -1;
        if (packCount == MAX_PACKS) throw new IllegalStateException("index holds the maximum of " + MAX_PACKS + " packs");
        int n = packCount;
        if (n == packBytes.length) {
            int grown = Math.max(16, n + (n >> 1));
            packWords = Arrays.copyOf(packWords, grown * 4);
            packBytes = Arrays.copyOf(packBytes, grown);
        }
        int at = n * 4;
        packWords[at] = w0;
        packWords[at + 1] = w1;
        packWords[at + 2] = w2;
        packWords[at + 3] = w3;
        packCount = n + 1;
        table[i] = n + 1;
        if ((long) packCount * 100 > (long) table.length * MAX_LOAD_PERCENT) rehashPacks(table.length * 2);
        return n;
    }

    /** Rebuilds the pack table with {@code size} slots, any size: slots are picked by multiplying, not masking. */
    private void rehashPacks(int size) {
        int[] table = new int[size];
        for (int n = 0; n < packCount; n++) {
            int i = packSlot(packWords[n * 4], size);
            while (table[i] != 0) i = i + 1 == size ? 0 : i + 1;
            table[i] = n + 1;
        }
        packSlots = table;
    }

    /** The home slot of a pack whose ID starts with {@code w0}, uniform over {@code size} slots. */
    private static int packSlot(long w0, int size) {
        return (int) (((w0 >>> 32) * size) >>> 32);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** One entry for the blob (the first added if it is stored several times), or empty. */
    public Optional<IndexEntry> lookup(BlobType type, Id id) {
        return Optional.ofNullable(read(() -> find(type, id)));
    }

    private IndexEntry find(BlobType type, Id id) {
        long w0 = id.word(0);
        long w1 = id.word(1);
        long w2 = id.word(2);
        long w3 = id.word(3);
        int tree = type == BlobType.TREE ? 1 : 0;
        SortedRun r = run;
        int row = r.find(w0, w1, w2, w3, tree);
        if (row >= 0) return r.entry(row, id, packWords);
        int d = findDelta(w0, w1, w2, w3, tree);
        return d < 0 ? null : deltaEntry(delta, packWords, d, id);
    }

    /** Every entry for the blob: one per pack it is stored in, the first added first. Empty if unknown. */
    public List<IndexEntry> lookupAll(BlobType type, Id id) {
        return read(() -> {
            long w0 = id.word(0);
            long w1 = id.word(1);
            long w2 = id.word(2);
            long w3 = id.word(3);
            int tree = type == BlobType.TREE ? 1 : 0;
            List<IndexEntry> found = new ArrayList<>(1);
            SortedRun r = run;
            for (int row = r.find(w0, w1, w2, w3, tree); row >= 0;
                 row = r.holds(row + 1, w0, w1, w2, w3, tree) ? row + 1 : -1) {
                found.add(r.entry(row, id, packWords));
            }
            if (deltaCount == 0) return found;
            long[] rows = delta;
            int[] table = deltaSlots;
            int mask = table.length - 1;
            long h = hash(w0, tree);
            int fp = fingerprint(h);
            for (int i = (int) (h ^ (h >>> 32)) & mask, s; (s = table[i]) != 0; i = (i + 1) & mask) {
                int row = (s & ROW_MASK) - 1;
                if (s >>> ROW_BITS == fp && deltaMatches(rows, row, w0, w1, w2, w3, tree)) {
                    found.add(deltaEntry(rows, packWords, row, id));
                }
            }
            return found;
        });
    }

    /**
     * True if the blob is indexed. The backup's dedup check per chunk: {@link #read}'s pattern is written out here
     * so that the hot path allocates nothing, not even a capturing lambda.
     */
    public boolean has(BlobType type, Id id) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                boolean found = contains(type, id);
                if (lock.validate(stamp)) return found;
            } catch (RuntimeException torn) {
                // A concurrent writer left the tables mid-change; the locked retry sees them whole.
            }
        }
        stamp = lock.readLock();
        try {
            return contains(type, id);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private boolean contains(BlobType type, Id id) {
        long w0 = id.word(0);
        long w1 = id.word(1);
        long w2 = id.word(2);
        long w3 = id.word(3);
        int tree = type == BlobType.TREE ? 1 : 0;
        return run.find(w0, w1, w2, w3, tree) >= 0 || findDelta(w0, w1, w2, w3, tree) >= 0;
    }

    /** Number of blob entries, counting each stored copy of a blob. */
    public int blobCount() {
        long stamp = lock.readLock();
        try {
            return run.count + deltaCount;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public int packCount() {
        long stamp = lock.readLock();
        try {
            return packCount;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public boolean hasPack(Id packId) {
        return read(() -> packNumber(packId, false) >= 0);
    }

    /** The IDs of all packs the index refers to, in the order they were first added. */
    public Set<Id> packs() {
        Set<Id> ids = new LinkedHashSet<>();
        forEachPack(ids::add);
        return ids;
    }

    public void forEachPack(Consumer<Id> action) {
        long[] words;
        int n;
        long stamp = lock.readLock();
        try {
            words = packWords;
            n = packCount;
        } finally {
            lock.unlockRead(stamp);
        }
        for (int i = 0; i < n; i++) action.accept(packId(words, i));
    }

    /**
     * Calls {@code action} for every entry present when the call starts: the merged ones by (ID, type), then
     * the recently added ones in insertion order; the copies of a blob in the order they were added. Runs
     * without the lock, so {@code action} may itself use this index (entries added meanwhile are not visited).
     */
    public void forEach(Consumer<IndexEntry> action) {
        SortedRun r;
        long[] rows;
        long[] words;
        int n;
        long stamp = lock.readLock();
        try {
            r = run.snapshot();
            rows = delta;
            words = packWords;
            n = deltaCount;
        } finally {
            lock.unlockRead(stamp);
        }
        SortedRun.Cursor c = r.new Cursor();
        while (c.next()) action.accept(c.entry(words));
        for (int row = 0; row < n; row++) action.accept(deltaEntry(rows, words, row, null));
    }

    /**
     * The size the pack file must have according to the index: Σ length + Σ header entry size + 36, or -1 if the
     * pack is unknown. {@code check} compares it with the stored file; {@code prune} uses it to weigh packs.
     */
    public long packSize(Id packId) {
        return read(() -> {
            int n = packNumber(packId, false);
            return n < 0 ? -1L : packBytes[n] + PackHeader.FIXED_OVERHEAD;
        });
    }

    /** The entries of one pack by offset (empty if the pack is unknown). */
    public List<IndexEntry> blobsOfPack(Id packId) {
        long stamp = lock.readLock();
        try {
            if (byPack == null) {
                long write = lock.tryConvertToWriteLock(stamp);
                if (write == 0) {
                    lock.unlockRead(stamp);
                    write = lock.writeLock();
                }
                stamp = write;
                if (byPack == null) byPack = PackRows.of(run, packCount);
            }
            int n = packNumber(packId, false);
            List<IndexEntry> out = new ArrayList<>();
            if (n < 0) return out;
            SortedRun r = run;
            for (int i = byPack.start(n), end = byPack.start(n + 1); i < end; i++) {
                out.add(r.entry(byPack.rows[i], packWords));
            }
            for (int row = 0; row < deltaCount; row++) {
                if ((int) (delta[row * DELTA_WORDS + D_META] & UINT32) >>> 1 == n) {
                    out.add(deltaEntry(delta, packWords, row, null));
                }
            }
            out.sort(Comparator.comparingLong(IndexEntry::offset));
            return out;
        } finally {
            lock.unlock(stamp);
        }
    }

    /**
     * Heap bytes held by the tables (array contents, growth slack included, object headers not), for memory
     * accounting and tests. Includes the per-pack grouping that {@link #blobsOfPack} builds on first use.
     */
    public long memoryBytes() {
        long stamp = lock.readLock();
        try {
            long bytes = run.memoryBytes() + (long) delta.length * Long.BYTES + (long) deltaSlots.length * Integer.BYTES
                    + (long) packSlots.length * Integer.BYTES + (long) packWords.length * Long.BYTES
                    + (long) packBytes.length * Long.BYTES + (long) lengthWidths.length * Long.BYTES;
            if (byPack != null) bytes += byPack.memoryBytes();
            return bytes;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Runs {@code query} as an optimistic read; if a writer interfered, runs it again under the read lock. */
    private <T> T read(Supplier<T> query) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                T result = query.get();
                if (lock.validate(stamp)) return result;
            } catch (RuntimeException torn) {
                // A concurrent writer left the tables mid-change; the locked retry sees them whole.
            }
        }
        stamp = lock.readLock();
        try {
            return query.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The first delta row with this key, or -1. */
    private int findDelta(long w0, long w1, long w2, long w3, int tree) {
        if (deltaCount == 0) return -1;
        long[] rows = delta;
        int[] table = deltaSlots;
        int mask = table.length - 1;
        long h = hash(w0, tree);
        int fp = fingerprint(h);
        for (int i = (int) (h ^ (h >>> 32)) & mask, s; (s = table[i]) != 0; i = (i + 1) & mask) {
            int row = (s & ROW_MASK) - 1;
            if (s >>> ROW_BITS == fp && deltaMatches(rows, row, w0, w1, w2, w3, tree)) return row;
        }
        return -1;
    }

    private static boolean deltaMatches(long[] rows, int row, long w0, long w1, long w2, long w3, int tree) {
        int at = row * DELTA_WORDS;
        return rows[at] == w0 && ((int) rows[at + D_META] & 1) == tree
                && rows[at + 1] == w1 && rows[at + 2] == w2 && rows[at + 3] == w3;
    }

    /** The entry of delta row {@code row}; its ID is {@code id} if the caller has it, else rebuilt from the row. */
    private static IndexEntry deltaEntry(long[] rows, long[] words, int row, Id id) {
        int at = row * DELTA_WORDS;
        long offsetLength = rows[at + D_OFFSET_LENGTH];
        long meta = rows[at + D_META];
        BlobType type = (meta & 1) == 1 ? BlobType.TREE : BlobType.DATA;
        int pack = (int) (meta & UINT32) >>> 1;
        Id blobId = id != null ? id : Id.ofWords(rows[at], rows[at + 1], rows[at + 2], rows[at + 3]);
        PackBlob blob = new PackBlob(type, blobId, offsetLength >>> 32, (int) offsetLength, (int) (meta >>> 32));
        return new IndexEntry(packId(words, pack), blob);
    }

    static Id packId(long[] words, int pack) {
        int at = pack * 4;
        return Id.ofWords(words[at], words[at + 1], words[at + 2], words[at + 3]);
    }

    /** The hash of a (type, ID) key: the ID's first 8 bytes, already uniform since IDs are SHA-256 digests. */
    private static long hash(long w0, int tree) {
        return tree == 0 ? w0 : w0 ^ TREE_SALT;
    }

    /** Top 5 bits of the hash; the slot index comes from the low bits. */
    private static int fingerprint(long h) {
        return (int) (h >>> (64 - FINGERPRINT_BITS));
    }

    /** Bits needed to store values up to {@code max}. */
    static int bitsFor(long max) {
        return max <= 0 ? 0 : Long.SIZE - Long.numberOfLeadingZeros(max);
    }

    private static int tableSizeFor(int entries) {
        long needed = (long) entries * 100 / MAX_LOAD_PERCENT + 1;
        int size = MIN_DELTA_SLOTS;
        while (size < needed) size <<= 1;
        return size;
    }

    /** Row numbers of a run grouped by pack number: the rows of pack p are rows[start(p) .. start(p + 1)). */
    private record PackRows(int[] starts, int[] rows) {
        static PackRows of(SortedRun run, int packs) {
            int[] starts = new int[packs + 1];
            for (SortedRun.Cursor c = run.new Cursor(); c.next(); ) starts[c.pack + 1]++;
            for (int p = 0; p < packs; p++) starts[p + 1] += starts[p];
            int[] next = Arrays.copyOf(starts, packs);
            int[] rows = new int[run.count];
            for (SortedRun.Cursor c = run.new Cursor(); c.next(); ) rows[next[c.pack]++] = c.row;
            return new PackRows(starts, rows);
        }

        int start(int pack) {
            return pack < starts.length ? starts[pack] : starts[starts.length - 1];
        }

        long memoryBytes() {
            return (long) (starts.length + rows.length) * Integer.BYTES;
        }
    }
}

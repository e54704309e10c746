package io.jrestic.index;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackHeader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The in-memory index of a repository: for every (type, ID), the pack(s) holding that blob and where.
 *
 * <p><b>Layout.</b> A large repository has tens of millions of blobs, so there is no object per blob. Blobs are
 * rows of {@value #WORDS} longs in pages of {@value #PAGE_SIZE} rows: four words of ID, one of offset ‖ length,
 * one of uncompressed length ‖ pack number ‖ type — 48 bytes. An open-addressing table of {@code int} row
 * numbers (linear probing, load at most {@value #MAX_LOAD_PERCENT}%) is keyed by the ID's first 8 bytes and
 * confirms matches on the full ID, adding 5 to 11 bytes per blob; a few fingerprint bits in each slot spare most
 * probes a visit to a row. Packs live in a second table of the same
 * kind and are referred to by number. Ten million blobs take about 0.55 GiB. Rows are append-only: a row never
 * changes once written, which lets {@link #forEach} run without holding the lock.
 *
 * <p><b>Duplicates.</b> The same blob may be stored in several packs; all copies are kept ({@link #lookupAll}).
 * Adding exactly the same entry twice (the same pack described by two index files) keeps one.
 *
 * <p><b>Concurrency.</b> Thread-safe. Lookups first run as optimistic reads of a {@link StampedLock} and fall
 * back to its read lock only when a writer was active meanwhile, so they scale while packs are being added.
 */
public final class MasterIndex {
    static final int WORDS = 6;
    private static final int W_OFFSET_LENGTH = 4;
    private static final int W_META = 5;
    static final int PAGE_SHIFT = 14;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    static final int MAX_LOAD_PERCENT = 75;
    private static final int MIN_TABLE = 1 << 10;
    /** Pack numbers share a word with the type bit: at most 2^30 packs. */
    private static final int MAX_PACKS = 1 << 30;
    private static final long UINT32 = 0xffff_ffffL;
    private static final int FINGERPRINT_BITS = 5;
    private static final int ROW_BITS = Integer.SIZE - FINGERPRINT_BITS;
    private static final int ROW_MASK = (1 << ROW_BITS) - 1;
    /** Rows are numbered in 27 bits: at most 134 million blob entries (about 7 GiB of index). */
    public static final int MAX_BLOBS = ROW_MASK - 1;
    private static final long TREE_SALT = 0x9e37_79b9_7f4a_7c15L;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final StampedLock lock = new StampedLock();

    // Blob rows and their hash table. A slot holds a 5-bit fingerprint of the key above row + 1 (0 is empty), so
    // a probe skips most non-matching rows without touching them: each row visit is a likely cache miss.
    private long[][] pages = new long[0][];
    private int count;
    private int[] slots;

    // Packs: ID words (4 per pack), hash table of pack number + 1, total bytes of blobs and header entries,
    // and the row range(s) holding each pack's blobs (usually one range; more if a pack is added again).
    private long[] packWords = new long[4 * 64];
    private int packCount;
    private int[] packSlots = new int[MIN_TABLE];
    private long[] packBytes = new long[64];
    private int[] packFirstRow = new int[64];
    private int[] packEndRow = new int[64];
    private final Map<Integer, List<int[]>> packExtraRanges = new HashMap<>();

    public MasterIndex() {
        this(0);
    }

    /** An index sized for {@code expectedBlobs} without rehashing. */
    public MasterIndex(int expectedBlobs) {
        slots = new int[tableSizeFor(expectedBlobs)];
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
            int start = count;
            long bytes = 0;
            for (PackBlob b : blobs) {
                if (insert(pack, b)) bytes += b.length() + b.headerEntrySize();
            }
            packBytes[pack] += bytes;
            recordRange(pack, start, count);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Adds every pack of an index file. */
    public void addIndexFile(IndexFile index) {
        for (IndexPack p : index.packs()) addPack(p.packId(), p.blobs());
    }

    private boolean insert(int pack, PackBlob b) {
        long[] key = words(b.id());
        long w0 = key[0];
        long w1 = key[1];
        long w2 = key[2];
        long w3 = key[3];
        int tree = b.type() == BlobType.TREE ? 1 : 0;
        long offsetLength = b.offset() << 32 | (b.length() & UINT32);
        long meta = (b.uncompressedLength() & UINT32) << 32 | ((long) pack << 1 | tree);
        int mask = slots.length - 1;
        if (count == MAX_BLOBS) throw new IllegalStateException("index holds the maximum of " + MAX_BLOBS + " blobs");
        long h = hash(w0, tree);
        int fp = fingerprint(h);
        int i = (int) (h ^ (h >>> 32)) & mask;
        for (int s; (s = slots[i]) != 0; i = (i + 1) & mask) {
            if (s >>> ROW_BITS != fp) continue;
            int row = (s & ROW_MASK) - 1;
            long[] page = pages[row >>> PAGE_SHIFT];
            int at = (row & PAGE_MASK) * WORDS;
            if (page[at] == w0 && page[at + 1] == w1 && page[at + 2] == w2 && page[at + 3] == w3
                    && page[at + W_OFFSET_LENGTH] == offsetLength && page[at + W_META] == meta) {
                return false; // exactly this entry is already known
            }
        }
        int row = count;
        int pageIndex = row >>> PAGE_SHIFT;
        if (pageIndex == pages.length) pages = Arrays.copyOf(pages, Math.max(4, pages.length * 2));
        if (pages[pageIndex] == null) pages[pageIndex] = new long[PAGE_SIZE * WORDS];
        long[] page = pages[pageIndex];
        int at = (row & PAGE_MASK) * WORDS;
        page[at] = w0;
        page[at + 1] = w1;
        page[at + 2] = w2;
        page[at + 3] = w3;
        page[at + W_OFFSET_LENGTH] = offsetLength;
        page[at + W_META] = meta;
        count = row + 1;
        slots[i] = fp << ROW_BITS | (row + 1);
        if ((long) count * 100 > (long) slots.length * MAX_LOAD_PERCENT) rehash();
        return true;
    }

    private void rehash() {
        int[] table = new int[slots.length * 2];
        int mask = table.length - 1;
        for (int row = 0; row < count; row++) {
            long[] page = pages[row >>> PAGE_SHIFT];
            int at = (row & PAGE_MASK) * WORDS;
            long h = hash(page[at], (int) page[at + W_META] & 1);
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (table[i] != 0) i = (i + 1) & mask;
            table[i] = fingerprint(h) << ROW_BITS | (row + 1);
        }
        slots = table;
    }

    private void recordRange(int pack, int start, int end) {
        if (start == end) return;
        if (packFirstRow[pack] == packEndRow[pack]) {
            packFirstRow[pack] = start;
            packEndRow[pack] = end;
        } else if (packEndRow[pack] == start) {
            packEndRow[pack] = end;
        } else {
            packExtraRanges.computeIfAbsent(pack, k -> new ArrayList<>()).add(new int[] {start, end});
        }
    }

    /** The number of {@code packId}, optionally adding it; -1 if absent and not added. Under a lock. */
    private int packNumber(Id packId, boolean add) {
        long[] key = words(packId);
        long w0 = key[0];
        long w1 = key[1];
        long w2 = key[2];
        long w3 = key[3];
        int[] table = packSlots;
        long[] words = packWords;
        int mask = table.length - 1;
        int i = (int) (w0 ^ (w0 >>> 32)) & mask;
        for (int n; (n = table[i] - 1) >= 0; i = (i + 1) & mask) {
            int at = n * 4;
            if (words[at] == w0 && words[at + 1] == w1 && words[at + 2] == w2 && words[at + 3] == w3) return n;
        }
        if (!add) return -1;
        if (packCount == MAX_PACKS) throw new IllegalStateException("index holds the maximum of " + MAX_PACKS + " packs");
        int n = packCount;
        if (n == packBytes.length) {
            int grown = n * 2;
            packWords = Arrays.copyOf(packWords, grown * 4);
            packBytes = Arrays.copyOf(packBytes, grown);
            packFirstRow = Arrays.copyOf(packFirstRow, grown);
            packEndRow = Arrays.copyOf(packEndRow, grown);
        }
        int at = n * 4;
        packWords[at] = w0;
        packWords[at + 1] = w1;
        packWords[at + 2] = w2;
        packWords[at + 3] = w3;
        packCount = n + 1;
        table[i] = n + 1;
        if ((long) packCount * 100 > (long) table.length * MAX_LOAD_PERCENT) rehashPacks();
        return n;
    }

    private void rehashPacks() {
        int[] table = new int[packSlots.length * 2];
        int mask = table.length - 1;
        for (int n = 0; n < packCount; n++) {
            long w0 = packWords[n * 4];
            int i = (int) (w0 ^ (w0 >>> 32)) & mask;
            while (table[i] != 0) i = (i + 1) & mask;
            table[i] = n + 1;
        }
        packSlots = table;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** One entry for the blob (the first added if it is stored several times), or empty. */
    public Optional<IndexEntry> lookup(BlobType type, Id id) {
        return read(() -> {
            int row = findRow(type, id);
            return row < 0 ? Optional.<IndexEntry>empty() : Optional.of(entry(row));
        });
    }

    /** Every entry for the blob: one per pack it is stored in. Empty if unknown. */
    public List<IndexEntry> lookupAll(BlobType type, Id id) {
        return read(() -> {
            List<IndexEntry> found = new ArrayList<>(1);
            long[] key = words(id);
            int tree = type == BlobType.TREE ? 1 : 0;
            int[] table = slots;
            int mask = table.length - 1;
            long h = hash(key[0], tree);
            int fp = fingerprint(h);
            for (int i = (int) (h ^ (h >>> 32)) & mask, s; (s = table[i]) != 0; i = (i + 1) & mask) {
                if (s >>> ROW_BITS == fp && matches((s & ROW_MASK) - 1, key, tree)) found.add(entry((s & ROW_MASK) - 1));
            }
            return found;
        });
    }

    public boolean has(BlobType type, Id id) {
        return read(() -> findRow(type, id) >= 0);
    }

    /** Number of blob entries, counting each stored copy of a blob. */
    public int blobCount() {
        long stamp = lock.readLock();
        try {
            return count;
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
     * Calls {@code action} for every entry present when the call starts, in insertion order. Runs without the
     * lock, so {@code action} may itself use this index (entries added meanwhile are not visited).
     */
    public void forEach(Consumer<IndexEntry> action) {
        long[][] rows;
        long[] words;
        int n;
        long stamp = lock.readLock();
        try {
            rows = pages;
            words = packWords;
            n = count;
        } finally {
            lock.unlockRead(stamp);
        }
        for (int row = 0; row < n; row++) action.accept(entry(rows, words, row));
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

    /** The entries of one pack in the order they were added (empty if the pack is unknown). */
    public List<IndexEntry> blobsOfPack(Id packId) {
        long stamp = lock.readLock();
        try {
            int n = packNumber(packId, false);
            List<IndexEntry> out = new ArrayList<>();
            if (n < 0) return out;
            addRows(out, packFirstRow[n], packEndRow[n]);
            for (int[] range : packExtraRanges.getOrDefault(n, List.of())) addRows(out, range[0], range[1]);
            return out;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Heap bytes held by the tables, for memory accounting and tests. */
    public long memoryBytes() {
        long stamp = lock.readLock();
        try {
            long bytes = (long) slots.length * Integer.BYTES + (long) packSlots.length * Integer.BYTES
                    + (long) packWords.length * Long.BYTES + (long) packBytes.length * Long.BYTES
                    + 2L * packFirstRow.length * Integer.BYTES + (long) pages.length * 8;
            for (long[] page : pages) if (page != null) bytes += (long) page.length * Long.BYTES;
            return bytes;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private void addRows(List<IndexEntry> out, int from, int to) {
        for (int row = from; row < to; row++) out.add(entry(row));
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

    private int findRow(BlobType type, Id id) {
        long[] key = words(id);
        int tree = type == BlobType.TREE ? 1 : 0;
        int[] table = slots;
        int mask = table.length - 1;
        long h = hash(key[0], tree);
        int fp = fingerprint(h);
        for (int i = (int) (h ^ (h >>> 32)) & mask, s; (s = table[i]) != 0; i = (i + 1) & mask) {
            if (s >>> ROW_BITS == fp && matches((s & ROW_MASK) - 1, key, tree)) return (s & ROW_MASK) - 1;
        }
        return -1;
    }

    private boolean matches(int row, long[] key, int tree) {
        long[] page = pages[row >>> PAGE_SHIFT];
        int at = (row & PAGE_MASK) * WORDS;
        return page[at] == key[0] && ((int) page[at + W_META] & 1) == tree
                && page[at + 1] == key[1] && page[at + 2] == key[2] && page[at + 3] == key[3];
    }

    private IndexEntry entry(int row) {
        return entry(pages, packWords, row);
    }

    private static IndexEntry entry(long[][] rows, long[] words, int row) {
        long[] page = rows[row >>> PAGE_SHIFT];
        int at = (row & PAGE_MASK) * WORDS;
        byte[] idBytes = new byte[Id.LENGTH];
        for (int w = 0; w < 4; w++) LONG_BE.set(idBytes, w * 8, page[at + w]);
        long offsetLength = page[at + W_OFFSET_LENGTH];
        long meta = page[at + W_META];
        BlobType type = (meta & 1) == 1 ? BlobType.TREE : BlobType.DATA;
        int pack = (int) (meta & UINT32) >>> 1;
        PackBlob blob = new PackBlob(type, Id.of(idBytes), offsetLength >>> 32, (int) offsetLength, (int) (meta >>> 32));
        return new IndexEntry(packId(words, pack), blob);
    }

    private static Id packId(long[] words, int pack) {
        byte[] idBytes = new byte[Id.LENGTH];
        for (int w = 0; w < 4; w++) LONG_BE.set(idBytes, w * 8, words[pack * 4 + w]);
        return Id.of(idBytes);
    }

    /** An ID as four big-endian words; word 0 is its first 8 bytes, the hash key. */
    private static long[] words(Id id) {
        byte[] bytes = new byte[Id.LENGTH];
        id.writeTo(bytes, 0);
        return new long[] {(long) LONG_BE.get(bytes, 0), (long) LONG_BE.get(bytes, 8),
                (long) LONG_BE.get(bytes, 16), (long) LONG_BE.get(bytes, 24)};
    }

    /** The hash of a (type, ID) key: the ID's first 8 bytes, already uniform since IDs are SHA-256 digests. */
    private static long hash(long w0, int tree) {
        return tree == 0 ? w0 : w0 ^ TREE_SALT;
    }

    /** Top 5 bits of the hash; the slot index comes from the low bits. */
    private static int fingerprint(long h) {
        return (int) (h >>> (64 - FINGERPRINT_BITS));
    }

    private static int tableSizeFor(int entries) {
        long needed = (long) entries * 100 / MAX_LOAD_PERCENT + 1;
        int size = MIN_TABLE;
        while (size < needed) size <<= 1;
        return size;
    }
}

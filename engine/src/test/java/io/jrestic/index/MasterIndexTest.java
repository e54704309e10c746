package io.jrestic.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MasterIndexTest {
    private static Id randomId(Random random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Id.of(b);
    }

    /** {@code n} blobs laid out contiguously, alternately compressed. */
    private static List<PackBlob> packOf(Random random, BlobType type, int n) {
        List<PackBlob> blobs = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < n; i++) {
            int length = 32 + random.nextInt(100_000);
            blobs.add(new PackBlob(type, randomId(random), offset, length, i % 2 == 0 ? length * 3 : 0));
            offset += length;
        }
        return blobs;
    }

    @Test
    void findsEveryBlobOf200kAndNoOthers() {
        Random random = new Random(7);
        MasterIndex index = new MasterIndex();
        List<IndexEntry> added = new ArrayList<>();
        for (int p = 0; p < 2000; p++) {
            Id pack = randomId(random);
            List<PackBlob> blobs = packOf(random, p % 10 == 0 ? BlobType.TREE : BlobType.DATA, 100);
            index.addPack(pack, blobs);
            for (PackBlob b : blobs) added.add(new IndexEntry(pack, b));
        }
        assertEquals(200_000, index.blobCount());
        assertEquals(2000, index.packCount());
        for (IndexEntry e : added) {
            assertEquals(Optional.of(e), index.lookup(e.type(), e.id()));
            BlobType other = e.type() == BlobType.DATA ? BlobType.TREE : BlobType.DATA;
            assertFalse(index.has(other, e.id()), "the same ID as the other type is another blob");
        }
        for (int i = 0; i < 10_000; i++) assertFalse(index.has(BlobType.DATA, randomId(random)));
    }

    @Test
    void idsSharingTheFirst8BytesAreToldApart() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[31] = 1;
        MasterIndex index = new MasterIndex();
        Id pack = Id.hash(new byte[] {1});
        index.addPack(pack, List.of(new PackBlob(BlobType.DATA, Id.of(a), 0, 40, 0)));
        assertTrue(index.has(BlobType.DATA, Id.of(a)));
        assertFalse(index.has(BlobType.DATA, Id.of(b)));
        index.addPack(pack, List.of(new PackBlob(BlobType.DATA, Id.of(b), 40, 50, 0)));
        assertEquals(50, index.lookup(BlobType.DATA, Id.of(b)).orElseThrow().length());
        assertEquals(40, index.lookup(BlobType.DATA, Id.of(a)).orElseThrow().length());
    }

    @Test
    void duplicatesAcrossPacksAreAllKept() {
        Random random = new Random(8);
        MasterIndex index = new MasterIndex();
        Id blob = randomId(random);
        List<Id> packs = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Id pack = randomId(random);
            packs.add(pack);
            index.addPack(pack, List.of(new PackBlob(BlobType.DATA, randomId(random), 0, 100, 0),
                    new PackBlob(BlobType.DATA, blob, 100, 60 + p, 0)));
        }
        List<IndexEntry> all = index.lookupAll(BlobType.DATA, blob);
        assertEquals(3, all.size());
        assertEquals(Set.copyOf(packs), Set.copyOf(all.stream().map(IndexEntry::packId).toList()));
        assertEquals(packs.getFirst(), index.lookup(BlobType.DATA, blob).orElseThrow().packId(), "first added wins");
        assertEquals(List.of(), index.lookupAll(BlobType.TREE, blob));
    }

    @Test
    void addingTheSamePackTwiceKeepsOneCopyOfEachEntry() {
        Random random = new Random(9);
        Id pack = randomId(random);
        List<PackBlob> blobs = packOf(random, BlobType.DATA, 5);
        MasterIndex index = new MasterIndex();
        index.addPack(pack, blobs);
        index.addPack(pack, blobs);
        assertEquals(5, index.blobCount());
        assertEquals(1, index.lookupAll(BlobType.DATA, blobs.get(2).id()).size());
        assertEquals(blobs, index.blobsOfPack(pack).stream().map(IndexEntry::blob).toList());
    }

    @Test
    void packSizeIsBlobsPlusHeaderEntriesPlus36() throws InvalidIndexException {
        MasterIndex index = new MasterIndex();
        index.addIndexFile(IndexFile.parse(IndexFileTest.RESTIC_014_INDEX.getBytes(StandardCharsets.UTF_8)));
        // File sizes of these packs in the restic 0.14 repository the index came from.
        assertEquals(131, index.packSize(Id.parse("62304aecd82d692233f97aa7ff8d18bda2349312446b803eb7fa55b60462fb2a")));
        assertEquals(915, index.packSize(Id.parse("de1573e42d6b09d80de6dbd7f1dba4a07054d7f8bc2b33b802716148868d6b80")));
        assertEquals(-1, index.packSize(Id.hash(new byte[0])));
        assertEquals(54 + 37 + 36, packSizeOfOneUncompressedBlob());
    }

    private static long packSizeOfOneUncompressedBlob() {
        MasterIndex index = new MasterIndex();
        Id pack = Id.hash(new byte[] {2});
        index.addPack(pack, List.of(new PackBlob(BlobType.DATA, Id.hash(new byte[] {3}), 0, 54, 0)));
        return index.packSize(pack);
    }

    @Test
    void blobsOfPackAndPackListing() {
        Random random = new Random(10);
        MasterIndex index = new MasterIndex();
        Id first = randomId(random);
        Id second = randomId(random);
        List<PackBlob> a = packOf(random, BlobType.TREE, 3);
        List<PackBlob> b = packOf(random, BlobType.DATA, 4);
        index.addPack(first, a.subList(0, 2));
        index.addPack(second, b);
        index.addPack(first, a.subList(2, 3)); // the same pack again, from another index file
        assertEquals(a, index.blobsOfPack(first).stream().map(IndexEntry::blob).toList());
        assertEquals(b, index.blobsOfPack(second).stream().map(IndexEntry::blob).toList());
        assertEquals(List.of(), index.blobsOfPack(randomId(random)));
        assertEquals(List.of(first, second), List.copyOf(index.packs()));
        assertTrue(index.hasPack(second));
        assertFalse(index.hasPack(randomId(random)));
    }

    @Test
    void forEachVisitsEveryEntryAndMayUseTheIndex() {
        Random random = new Random(11);
        MasterIndex index = new MasterIndex();
        Set<IndexEntry> expected = new HashSet<>();
        for (int p = 0; p < 30; p++) {
            Id pack = randomId(random);
            List<PackBlob> blobs = packOf(random, BlobType.DATA, 50);
            index.addPack(pack, blobs);
            for (PackBlob b : blobs) expected.add(new IndexEntry(pack, b));
        }
        Set<IndexEntry> seen = new HashSet<>();
        index.forEach(e -> {
            seen.add(e);
            assertTrue(index.has(e.type(), e.id()));
        });
        assertEquals(expected, seen);
    }

    @Test
    void largeOffsetsAndLengthsSurvive() {
        MasterIndex index = new MasterIndex();
        Id pack = Id.hash(new byte[] {4});
        PackBlob big = new PackBlob(BlobType.TREE, Id.hash(new byte[] {5}), 0xffff_0000L, 0xffff, Integer.MAX_VALUE);
        index.addPack(pack, List.of(big));
        assertEquals(big, index.lookup(BlobType.TREE, big.id()).orElseThrow().blob());
        PackBlob beyond = new PackBlob(BlobType.DATA, Id.hash(new byte[] {6}), 0xffff_fff0L, 0x20, 0);
        assertThrows(IllegalArgumentException.class, () -> index.addPack(pack, List.of(beyond)));
    }

    @Test
    void lookupsRunWhilePacksAreAdded() throws InterruptedException {
        Random random = new Random(12);
        MasterIndex index = new MasterIndex();
        List<IndexEntry> first = new ArrayList<>();
        for (int p = 0; p < 100; p++) {
            Id pack = randomId(random);
            List<PackBlob> blobs = packOf(random, BlobType.DATA, 20);
            index.addPack(pack, blobs);
            for (PackBlob b : blobs) first.add(new IndexEntry(pack, b));
        }
        List<Id> laterPacks = new ArrayList<>();
        List<List<PackBlob>> laterBlobs = new ArrayList<>();
        for (int p = 0; p < 2000; p++) {
            laterPacks.add(randomId(random));
            laterBlobs.add(packOf(random, BlobType.DATA, 20));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger lookups = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int p = 0; p < laterPacks.size(); p++) index.addPack(laterPacks.get(p), laterBlobs.get(p));
        });
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                while (writer.isAlive() || lookups.get() == 0) {
                    for (IndexEntry e : first) {
                        if (!index.lookup(e.type(), e.id()).equals(Optional.of(e))) throw new AssertionError("lost " + e);
                    }
                    lookups.addAndGet(first.size());
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.join();
        reader.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(100 * 20 + 2000 * 20, index.blobCount());
    }

    @Test
    void blobsAreFoundBeforeAndAfterCompaction() {
        Random random = new Random(14);
        MasterIndex index = new MasterIndex();
        List<IndexEntry> added = new ArrayList<>();
        Id dupPack = randomId(random);
        for (int p = 0; p < 300; p++) {
            Id pack = randomId(random);
            List<PackBlob> blobs = packOf(random, p % 3 == 0 ? BlobType.TREE : BlobType.DATA, 30);
            index.addPack(pack, blobs);
            for (PackBlob b : blobs) added.add(new IndexEntry(pack, b));
            // Each new blob is visible at once, whether or not the add merged.
            assertEquals(Optional.of(added.getLast()), index.lookup(added.getLast().type(), added.getLast().id()));
            if (p == 150) index.compact();
        }
        // A blob of the compacted part stored again in a pack added later: both copies, the older first.
        IndexEntry old = added.get(17);
        PackBlob copy = new PackBlob(old.type(), old.id(), 0, old.length() + 1, 0);
        index.addPack(dupPack, List.of(copy));
        index.addPack(dupPack, List.of(copy)); // the same entry again is not a new copy
        List<IndexEntry> expected = List.of(old, new IndexEntry(dupPack, copy));
        assertEquals(expected, index.lookupAll(old.type(), old.id()));
        index.compact();
        assertEquals(expected, index.lookupAll(old.type(), old.id()));
        assertEquals(Optional.of(old), index.lookup(old.type(), old.id()), "first added wins");
        assertEquals(added.size() + 1, index.blobCount());
        for (IndexEntry e : added) assertEquals(Optional.of(e), index.lookup(e.type(), e.id()));
        for (int i = 0; i < 1000; i++) assertFalse(index.has(BlobType.TREE, randomId(random)));
        assertEquals(List.of(new IndexEntry(dupPack, copy)), index.blobsOfPack(dupPack));
    }

    @Test
    void blobsOfPackAreInOffsetOrderAcrossMergedAndNewEntries() {
        Random random = new Random(15);
        MasterIndex index = new MasterIndex();
        Id pack = randomId(random);
        List<PackBlob> blobs = packOf(random, BlobType.DATA, 10);
        for (int p = 0; p < 100; p++) index.addPack(randomId(random), packOf(random, BlobType.DATA, 50));
        index.addPack(pack, blobs.subList(5, 10));
        index.compact();
        assertEquals(blobs.subList(5, 10), index.blobsOfPack(pack).stream().map(IndexEntry::blob).toList());
        index.addPack(pack, blobs.subList(0, 5));
        assertEquals(blobs, index.blobsOfPack(pack).stream().map(IndexEntry::blob).toList());
        index.compact();
        assertEquals(blobs, index.blobsOfPack(pack).stream().map(IndexEntry::blob).toList());
    }

    @Test
    void memoryStaysCompact() {
        Random random = new Random(13);
        MasterIndex index = new MasterIndex();
        for (int p = 0; p < 2000; p++) index.addPack(randomId(random), packOf(random, BlobType.DATA, 100));
        index.compact();
        double perBlob = (double) index.memoryBytes() / index.blobCount();
        // 32-byte IDs less the directory's 15 bits, offsets of 23 bits, lengths of 17 and 19 bits, pack numbers of
        // 11, a type bit; the pack table adds about 0.5 bytes a blob.
        assertTrue(perBlob <= 40, "bytes per blob: " + perBlob);
    }

    /**
     * Packs as restic 0.14 writes them for a typical home directory: 16 MiB packs, everything compressed; of the
     * blobs, 5% trees (300 B to 64 KiB, compressing to a fifth to a half, in packs of their own), 65% small files
     * (100 B to 512 KiB, log-uniform) and 30% chunks (512 KiB plus an exponential tail of mean 512 KiB, at most
     * 8 MiB), data compressing to 30% to 101%.
     */
    static void addResticLikePacks(MasterIndex index, Random random, int blobs) {
        final long packSize = 16 << 20;
        List<PackBlob> trees = new ArrayList<>();
        List<PackBlob> data = new ArrayList<>();
        long treeBytes = 0;
        long dataBytes = 0;
        for (int n = 0; n < blobs; n++) {
            double kind = random.nextDouble();
            if (kind < 0.05) {
                int plain = (int) Math.exp(Math.log(300) + random.nextDouble() * Math.log(65536 / 300.0));
                int length = Math.max(40, (int) (plain * (0.2 + 0.3 * random.nextDouble())));
                trees.add(new PackBlob(BlobType.TREE, randomId(random), treeBytes, length, plain));
                treeBytes += length;
                if (treeBytes >= packSize) {
                    index.addPack(randomId(random), trees);
                    trees = new ArrayList<>();
                    treeBytes = 0;
                }
                continue;
            }
            int plain = kind < 0.70
                    ? (int) Math.exp(Math.log(100) + random.nextDouble() * Math.log(512 * 1024 / 100.0))
                    : (int) Math.min(8 << 20, (512 << 10) - (512 << 10) * Math.log(1 - random.nextDouble()));
            int length = Math.max(40, (int) (plain * (0.3 + 0.71 * random.nextDouble())));
            data.add(new PackBlob(BlobType.DATA, randomId(random), dataBytes, length, plain));
            dataBytes += length;
            if (dataBytes >= packSize) {
                index.addPack(randomId(random), data);
                data = new ArrayList<>();
                dataBytes = 0;
            }
        }
        if (!trees.isEmpty()) index.addPack(randomId(random), trees);
        if (!data.isEmpty()) index.addPack(randomId(random), data);
    }

    @Test
    void memoryStaysCompactForResticLikeRepositories() {
        MasterIndex index = new MasterIndex();
        addResticLikePacks(index, new Random(16), 500_000);
        index.compact();
        double perBlob = (double) index.memoryBytes() / index.blobCount();
        // 32-byte IDs less the directory's 16 bits, a type bit, pack numbers of 13 bits, offsets of 24; lengths in
        // eight width classes (most blobs are small files): 3 bits of class and 1.1 of position marks a row.
        assertTrue(perBlob <= 40, "bytes per blob: " + perBlob);
    }
}

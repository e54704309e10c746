package io.jrestic.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.id.Id;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackHeader;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** restic 0.14's prune planning rules (restic-format §18.1), one rule per test, on a hand-made index. */
class PrunePlannerTest {
    /** A pack size target that makes "small" mean below 4000 bytes (1/25) or 80 000 bytes (80 %). */
    static final long PACK_SIZE = 100_000;
    /** Blobs are this long unless a test says otherwise: packs of one blob are not small. */
    static final int BLOB = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final MasterIndex index = new MasterIndex();
    private final Map<Id, Long> files = new LinkedHashMap<>();
    private final Set<BlobHandle> used = new HashSet<>();

    private BlobHandle blob(BlobType type) {
        byte[] id = new byte[Id.LENGTH];
        random.nextBytes(id);
        return new BlobHandle(type, Id.of(id));
    }

    private BlobHandle used(BlobType type) {
        BlobHandle h = blob(type);
        used.add(h);
        return h;
    }

    private BlobHandle unused(BlobType type) {
        return blob(type);
    }

    /** A pack in the index and the backend; every blob {@code length} bytes, compressed unless said otherwise. */
    private Id pack(int length, boolean compressed, BlobHandle... blobs) {
        Id id = indexOnly(length, compressed, blobs);
        files.put(id, index.packSize(id));
        return id;
    }

    private Id pack(BlobHandle... blobs) {
        return pack(BLOB, true, blobs);
    }

    /** A pack the index lists but the backend does not have. */
    private Id indexOnly(int length, boolean compressed, BlobHandle... blobs) {
        Id id = blob(BlobType.DATA).id();
        List<PackBlob> entries = new ArrayList<>();
        long offset = 0;
        for (BlobHandle h : blobs) {
            entries.add(new PackBlob(h.type(), h.id(), offset, length, compressed ? length * 3 : 0));
            offset += length;
        }
        index.addPack(id, entries);
        return id;
    }

    private PrunePlan plan(PruneOptions options) throws PruneException {
        return plan(options, 2);
    }

    private PrunePlan plan(PruneOptions options, int version) throws PruneException {
        return PrunePlanner.plan(index, files, used, List.of(), version, PACK_SIZE, options);
    }

    private static final PruneOptions NO_UNUSED = PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.percent(0));

    @Test
    void packInTheBackendButNoIndexIsDeletedFirst() throws Exception {
        Id kept = pack(used(BlobType.DATA));
        Id orphan = blob(BlobType.DATA).id();
        files.put(orphan, 1234L);
        PrunePlan plan = plan(PruneOptions.DEFAULT);
        assertEquals(PackAction.DELETE_UNREFERENCED, plan.action(orphan));
        assertEquals(PackAction.KEEP, plan.action(kept));
        assertEquals(1234, plan.statistics().unreferencedBytes());
        assertEquals(1, plan.statistics().packs().unreferenced());
        assertTrue(!plan.rewritesIndex() && !plan.isEmpty(), "unreferenced packs need no index change");
    }

    @Test
    void packWithoutUsedBlobsIsRemoved() throws Exception {
        Id dead = pack(unused(BlobType.DATA), unused(BlobType.DATA));
        PrunePlan plan = plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.UNLIMITED));
        assertEquals(PackAction.REMOVE, plan.action(dead));
        assertEquals(new PruneStatistics.Amount(2, 2L * BLOB), plan.statistics().remove());
        assertEquals(1, plan.statistics().packs().unused());
        assertTrue(plan.rewritesIndex());
        assertTrue(plan.blobsToCopy().isEmpty());
    }

    @Test
    void fullyUsedPackOfOneTypeIsKept() throws Exception {
        Id data = pack(used(BlobType.DATA), used(BlobType.DATA));
        Id tree = pack(used(BlobType.TREE));
        PrunePlan plan = plan(NO_UNUSED);
        assertEquals(PackAction.KEEP, plan.action(data));
        assertEquals(PackAction.KEEP, plan.action(tree));
        assertTrue(plan.isEmpty());
        assertEquals(2, plan.statistics().packs().used());
    }

    @Test
    void partlyUsedPackIsRepackedOnlyWhenUnusedSpaceExceedsTheLimit() throws Exception {
        BlobHandle keep = used(BlobType.DATA);
        Id partly = pack(keep, used(BlobType.DATA), used(BlobType.DATA), unused(BlobType.DATA));
        // 1 of 4 blobs unused = 33 % of the used bytes: more than 5 % allows, less than 50 % allows.
        assertEquals(PackAction.KEEP, plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.percent(50))).action(partly));
        assertEquals(PackAction.KEEP, plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.UNLIMITED)).action(partly));
        assertEquals(PackAction.KEEP, plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.bytes(BLOB + 1))).action(partly));
        assertEquals(PackAction.REPACK, plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.bytes(BLOB))).action(partly));
        PrunePlan plan = plan(PruneOptions.DEFAULT);
        assertEquals(PackAction.REPACK, plan.action(partly));
        assertEquals(3, plan.blobsToCopy().size());
        assertTrue(plan.blobsToCopy().contains(keep));
        PruneStatistics s = plan.statistics();
        assertEquals(new PruneStatistics.Amount(4, index.packSize(partly)), s.repack());
        assertEquals(new PruneStatistics.Amount(1, BLOB), s.repackRemoved());
        assertEquals(1, s.packs().partlyUsed());
        assertEquals(0, s.unusedBytesAfter());
    }

    @Test
    void mixedPackIsAlwaysRepacked() throws Exception {
        Id mixed = pack(used(BlobType.DATA), used(BlobType.TREE));
        PrunePlan plan = plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.UNLIMITED));
        assertEquals(PackAction.REPACK, plan.action(mixed));
        assertEquals(2, plan.blobsToCopy().size());
    }

    @Test
    void uncompressedTreePackIsRepackedInVersion2Only() throws Exception {
        Id trees = pack(BLOB, false, used(BlobType.TREE));
        Id data = pack(BLOB, false, used(BlobType.DATA));
        PruneOptions unlimited = PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.UNLIMITED);
        PrunePlan v2 = plan(unlimited);
        assertEquals(PackAction.REPACK, v2.action(trees));
        assertEquals(PackAction.KEEP, v2.action(data), "data is compressed only with --repack-uncompressed");
        assertEquals(index.packSize(trees) + index.packSize(data), v2.statistics().uncompressedBytes());
        PrunePlan v1 = plan(unlimited, 1);
        assertEquals(PackAction.KEEP, v1.action(trees));
        assertEquals(0, v1.statistics().uncompressedBytes());
        assertEquals(PackAction.REPACK, plan(unlimited.withRepackUncompressed(true)).action(data));
    }

    @Test
    void repackCacheableOnlyKeepsDataPacks() throws Exception {
        Id data = pack(used(BlobType.DATA), unused(BlobType.DATA));
        Id tree = pack(used(BlobType.TREE), unused(BlobType.TREE));
        PrunePlan plan = plan(NO_UNUSED.withRepackCacheableOnly(true));
        assertEquals(PackAction.KEEP, plan.action(data));
        assertEquals(PackAction.REPACK, plan.action(tree));
    }

    @Test
    void wrongSizeOfANeededPackAborts() throws Exception {
        Id needed = pack(used(BlobType.DATA));
        files.put(needed, files.get(needed) - 1);
        PruneException e = assertThrows(PruneException.class, () -> plan(PruneOptions.DEFAULT));
        assertTrue(e.getMessage().contains("pack size does not match"), e.getMessage());
        assertTrue(e.getMessage().contains(needed.toShortString()), e.getMessage());
    }

    @Test
    void wrongSizeOfAnUnneededPackDoesNotMatter() throws Exception {
        Id dead = pack(unused(BlobType.DATA));
        files.put(dead, 5L);
        assertEquals(PackAction.REMOVE, plan(PruneOptions.DEFAULT).action(dead));
    }

    @Test
    void missingPackWithoutUsedBlobsIsForgotten() throws Exception {
        pack(used(BlobType.DATA));
        Id missing = indexOnly(BLOB, true, unused(BlobType.DATA));
        PrunePlan plan = plan(PruneOptions.DEFAULT);
        assertEquals(PackAction.FORGET_MISSING, plan.action(missing));
        assertTrue(plan.rewritesIndex());
        assertEquals(1, plan.statistics().remove().blobs());
    }

    @Test
    void missingPackWithUsedBlobsAborts() {
        Id missing = indexOnly(BLOB, true, used(BlobType.DATA));
        PruneException e = assertThrows(PruneException.class, () -> plan(PruneOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith("packs from index missing in repo"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void usedBlobMissingFromTheIndexAborts() {
        pack(used(BlobType.DATA));
        BlobHandle lost = used(BlobType.TREE);
        PruneException e = assertThrows(PruneException.class, () -> plan(PruneOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith("index is not complete"), e.getMessage());
        assertTrue(e.getMessage().contains("tree " + lost.id()), e.getMessage());
    }

    @Test
    void smallPacksAreRepackedOnlyWhenThereAreAtLeastTen() throws Exception {
        List<Id> small = new ArrayList<>();
        for (int i = 0; i < PrunePlanner.MIN_SMALL_PACKS - 1; i++) small.add(pack(1000, true, used(BlobType.DATA)));
        for (Id p : small) assertEquals(PackAction.KEEP, plan(PruneOptions.DEFAULT).action(p));
        small.add(pack(1000, true, used(BlobType.DATA)));
        PrunePlan plan = plan(PruneOptions.DEFAULT);
        for (Id p : small) assertEquals(PackAction.REPACK, plan.action(p));
        assertEquals(small.size(), plan.blobsToCopy().size());
        assertEquals(0, plan.statistics().repackRemoved().bytes());
    }

    @Test
    void repackSmallAndRepackSmallerThanRaiseTheSmallSize() throws Exception {
        List<Id> half = new ArrayList<>();
        for (int i = 0; i < PrunePlanner.MIN_SMALL_PACKS; i++) half.add(pack(BLOB * 5, true, used(BlobType.DATA)));
        assertEquals(PackAction.KEEP, plan(PruneOptions.DEFAULT).action(half.getFirst()), "50 % is not small by default");
        assertEquals(PackAction.REPACK, plan(PruneOptions.DEFAULT.withRepackSmall(true)).action(half.getFirst()));
        assertEquals(PackAction.REPACK, plan(PruneOptions.DEFAULT.withRepackSmallerThan(BLOB * 6)).action(half.getFirst()));
        assertEquals(PackAction.KEEP, plan(PruneOptions.DEFAULT.withRepackSmallerThan(BLOB * 5)).action(half.getFirst()));
    }

    @Test
    void smallSizeFollowsRestic014() {
        assertEquals(16L * 1024 * 1024 / 25, PruneOptions.DEFAULT.smallPackBelow(16L << 20));
        assertEquals(16L * 1024 * 1024 / 5 * 4, PruneOptions.DEFAULT.withRepackSmall(true).smallPackBelow(16L << 20));
        assertEquals(7, PruneOptions.DEFAULT.withRepackSmall(true).withRepackSmallerThan(7).smallPackBelow(16L << 20));
    }

    @Test
    void maxRepackSizeStopsRepacking() throws Exception {
        Id first = pack(used(BlobType.DATA), unused(BlobType.DATA), unused(BlobType.DATA));
        Id second = pack(used(BlobType.DATA), unused(BlobType.DATA));
        long firstSize = index.packSize(first);
        PrunePlan plan = plan(NO_UNUSED.withMaxRepackBytes(firstSize + index.packSize(second)));
        assertEquals(PackAction.REPACK, plan.action(first), "the emptier pack comes first");
        assertEquals(PackAction.KEEP, plan.action(second), "repacking both would reach the limit");
        PrunePlan none = plan(NO_UNUSED.withMaxRepackBytes(index.packSize(second)));
        assertEquals(PackAction.KEEP, none.action(first));
        assertEquals(PackAction.KEEP, none.action(second), "a pack reaching the limit by itself is kept");
        assertEquals(2, none.statistics().packs().keep());
    }

    @Test
    void emptierPacksAreRepackedFirstUntilTheUnusedSpaceIsTolerable() throws Exception {
        Id mostlyUsed = pack(used(BlobType.DATA), used(BlobType.DATA), used(BlobType.DATA), unused(BlobType.DATA));
        Id mostlyUnused = pack(used(BlobType.DATA), unused(BlobType.DATA), unused(BlobType.DATA), unused(BlobType.DATA));
        // 4 used blobs; repacking the emptier pack leaves one unused blob (25 % of used): within a 25 % limit.
        PrunePlan plan = plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.bytes(BLOB + 1)));
        assertEquals(PackAction.REPACK, plan.action(mostlyUnused));
        assertEquals(PackAction.KEEP, plan.action(mostlyUsed));
        assertEquals(BLOB, plan.statistics().unusedBytesAfter());
    }

    @Test
    void treePacksAreRepackedBeforeDataPacksWhateverTheLimit() throws Exception {
        Id data = pack(used(BlobType.DATA), unused(BlobType.DATA), unused(BlobType.DATA));
        Id tree = pack(used(BlobType.TREE), used(BlobType.TREE), used(BlobType.TREE), unused(BlobType.TREE));
        PrunePlan plan = plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.UNLIMITED));
        assertEquals(PackAction.REPACK, plan.action(tree), "tree packs are repacked even if unused space is tolerated");
        assertEquals(PackAction.KEEP, plan.action(data));
        PrunePlan limited = plan(NO_UNUSED.withMaxRepackBytes(index.packSize(tree) + 1));
        assertEquals(PackAction.REPACK, limited.action(tree), "the tree pack is considered first");
        assertEquals(PackAction.KEEP, limited.action(data));
    }

    @Test
    void duplicateInAPackWithUsedBlobsIsTheOneKept() throws Exception {
        BlobHandle dup = used(BlobType.DATA);
        Id other = pack(dup, unused(BlobType.DATA));
        Id withUsed = pack(used(BlobType.DATA), dup);
        PrunePlan plan = plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.UNLIMITED));
        assertEquals(PackAction.REMOVE, plan.action(other));
        assertEquals(PackAction.KEEP, plan.action(withUsed));
        assertEquals(new PruneStatistics.Amount(1, BLOB), plan.statistics().duplicate());
        assertEquals(new PruneStatistics.Amount(2, 2L * BLOB), plan.statistics().used());
    }

    @Test
    void packMadeOnlyOfDuplicatesIsPreferred() throws Exception {
        // What an interrupted prune leaves: a new pack holding copies, and the old pack it was copying from.
        BlobHandle a = used(BlobType.DATA);
        BlobHandle b = used(BlobType.DATA);
        Id copies = pack(a, b);
        Id old = pack(a, unused(BlobType.DATA), b);
        PrunePlan plan = plan(NO_UNUSED);
        assertEquals(PackAction.KEEP, plan.action(copies));
        assertEquals(PackAction.REMOVE, plan.action(old));
        assertTrue(plan.blobsToCopy().isEmpty());
    }

    @Test
    void lastCopyIsKeptWhenNoPackIsPreferred() throws Exception {
        BlobHandle dup = used(BlobType.DATA);
        Id first = pack(dup, unused(BlobType.DATA));
        Id last = pack(dup, unused(BlobType.DATA), unused(BlobType.DATA));
        PrunePlan plan = plan(PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.UNLIMITED));
        assertEquals(PackAction.REMOVE, plan.action(first));
        assertEquals(PackAction.KEEP, plan.action(last));
    }

    @Test
    void blobsWithACopyInAKeptPackAreNotCopied() throws Exception {
        BlobHandle shared = used(BlobType.TREE);
        BlobHandle own = used(BlobType.TREE);
        pack(used(BlobType.TREE), shared);
        Id repacked = pack(shared, own, unused(BlobType.TREE));
        PrunePlan plan = plan(NO_UNUSED);
        assertEquals(PackAction.REPACK, plan.action(repacked));
        assertEquals(Set.of(own), plan.blobsToCopy());
    }

    @Test
    void unusedLimitArithmetic() {
        assertEquals(5_263, UnusedLimit.DEFAULT.allowed(100_000), "5 / 95 of the used bytes");
        assertEquals(0, UnusedLimit.percent(0).allowed(100_000));
        assertEquals(100_000, UnusedLimit.percent(50).allowed(100_000));
        assertEquals(42, UnusedLimit.bytes(42).allowed(1 << 30));
        assertEquals(Long.MAX_VALUE, UnusedLimit.UNLIMITED.allowed(0));
        assertThrows(IllegalArgumentException.class, () -> UnusedLimit.percent(100));
        assertThrows(IllegalArgumentException.class, () -> UnusedLimit.percent(-1));
    }

    @Test
    void statisticsAddUp() throws Exception {
        Id full = pack(used(BlobType.DATA), used(BlobType.DATA));
        Id partly = pack(used(BlobType.DATA), unused(BlobType.DATA));
        Id dead = pack(unused(BlobType.DATA));
        Id orphan = blob(BlobType.DATA).id();
        files.put(orphan, 100L);
        PruneStatistics s = plan(NO_UNUSED).statistics();
        assertEquals(new PruneStatistics.Amount(3, 3L * BLOB), s.used());
        assertEquals(new PruneStatistics.Amount(2, 2L * BLOB), s.unused());
        assertEquals(new PruneStatistics.Amount(5, 5L * BLOB + 100), s.total());
        assertEquals(new PruneStatistics.Amount(1, BLOB + 100), s.delete());
        assertEquals(new PruneStatistics.Amount(2, 2L * BLOB + 100), s.totalPrune());
        assertEquals(new PruneStatistics.Amount(3, 3L * BLOB), s.remaining());
        assertEquals(new PruneStatistics.Packs(1, 1, 1, 1, 1, 1, 1), s.packs());
        assertEquals(index.packSize(partly), s.repack().bytes());
        assertEquals(2L * BLOB + 2 * PackHeader.COMPRESSED_ENTRY_SIZE + PackHeader.FIXED_OVERHEAD, index.packSize(full));
        assertEquals(PackAction.REMOVE, plan(NO_UNUSED).action(dead));
    }
}

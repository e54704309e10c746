package io.jrestic.prune;

import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackHeader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides what a prune does, as restic 0.14 does (restic-format §18.1). A pure function of the index, the pack
 * files in the backend and the used blobs, so every rule can be tested without a repository.
 *
 * <ol>
 *   <li>Every used blob must have a copy in the index, or nothing is planned ("index is not complete").</li>
 *   <li>Each blob copy is used, a duplicate (dropped) or unused. Of several copies of a used blob, the one kept is
 *       in a pack that already holds used blobs, or in a pack made only of duplicates (what an interrupted prune
 *       leaves behind, so a rerun keeps the copies it already made), or else the last one seen.</li>
 *   <li>Each pack in the backend: unreferenced (no index entry) → delete; index size differs from the file and it
 *       holds used blobs → abort; nothing used → remove; data pack with {@code --repack-cacheable-only} → keep;
 *       fully used, one blob type, no compression owed → keep unless small; everything else is a candidate.</li>
 *   <li>Packs in the index but not the backend are forgotten if nothing in them is used, else → abort.</li>
 *   <li>Small packs become candidates only if there are at least {@value #MIN_SMALL_PACKS}.</li>
 *   <li>Candidates, tree/mixed packs first, then small packs, then by falling ratio of unused to used bytes, are
 *       repacked until {@code --max-repack-size} would be exceeded or the unused space left is within
 *       {@code --max-unused} (tree/mixed packs and packs owing compression only obey the size limit).</li>
 * </ol>
 */
public final class PrunePlanner {
    /** Fewer small packs than this are not worth repacking (and one small pack would be repacked forever). */
    public static final int MIN_SMALL_PACKS = 10;

    private PrunePlanner() {
    }

    /** A pack's accounting while planning. Mixed packs have {@code type == null} and {@code mixed}. */
    private static final class PackInfo {
        final Id id;
        BlobType type;
        boolean mixed;
        long usedBlobs;
        long unusedBlobs;
        long duplicateBlobs;
        /** Starts at the header size: a pack's header counts as used space. */
        long usedSize;
        long unusedSize;
        boolean uncompressed;
        boolean mustCompress;

        PackInfo(Id id) {
            this.id = id;
        }

        long size() {
            return usedSize + unusedSize;
        }

        boolean isDataPack() {
            return !mixed && type == BlobType.DATA;
        }
    }

    /** Mutable counters, frozen into {@link PruneStatistics} at the end. */
    private static final class Counters {
        long usedBlobs, usedBytes, duplicateBlobs, duplicateBytes, unusedBlobs, unusedBytes, unreferencedBytes;
        long repackBlobs, repackBytes, repackRemovedBlobs, repackRemovedBytes, removeBlobs, removeBytes, uncompressedBytes;
        long packsUsed, packsPartlyUsed, packsUnused, packsUnreferenced, packsKeep, packsRepack, packsRemove;

        PruneStatistics freeze() {
            return new PruneStatistics(new PruneStatistics.Amount(usedBlobs, usedBytes),
                    new PruneStatistics.Amount(duplicateBlobs, duplicateBytes),
                    new PruneStatistics.Amount(unusedBlobs, unusedBytes), unreferencedBytes,
                    new PruneStatistics.Amount(repackBlobs, repackBytes),
                    new PruneStatistics.Amount(repackRemovedBlobs, repackRemovedBytes),
                    new PruneStatistics.Amount(removeBlobs, removeBytes), uncompressedBytes,
                    new PruneStatistics.Packs(packsUsed, packsPartlyUsed, packsUnused, packsUnreferenced, packsKeep,
                            packsRepack, packsRemove));
        }
    }

    /**
     * Plans a prune.
     *
     * @param index             every blob copy the index files list
     * @param packFiles         every pack file in the backend and its size, in listing order
     * @param used              the blobs the snapshots use (trees and data)
     * @param indexFiles        the index files {@code index} was loaded from (carried into the plan)
     * @param repositoryVersion 1 or 2; compression rules apply from 2
     * @param packSize          the target pack size of this process ({@code --pack-size})
     * @throws PruneException if a used blob is not indexed, a needed pack is missing or has the wrong size
     */
    public static PrunePlan plan(MasterIndex index, Map<Id, Long> packFiles, Set<BlobHandle> used, List<Id> indexFiles,
                                 int repositoryVersion, long packSize, PruneOptions options) throws PruneException {
        Counters stats = new Counters();
        Map<Id, PackInfo> packs = classifyBlobs(index, used, stats);
        Map<Id, PackAction> actions = new LinkedHashMap<>();
        long smallBelow = options.smallPackBelow(packSize);
        List<PackInfo> candidates = new ArrayList<>();
        List<PackInfo> smallCandidates = new ArrayList<>();
        List<String> sizeMismatches = new ArrayList<>();

        for (Map.Entry<Id, Long> file : packFiles.entrySet()) {
            Id id = file.getKey();
            long fileSize = file.getValue();
            PackInfo p = packs.remove(id);
            if (p == null) {
                actions.put(id, PackAction.DELETE_UNREFERENCED);
                stats.unreferencedBytes += fileSize;
                continue;
            }
            if (p.size() != fileSize && p.usedBlobs != 0) {
                sizeMismatches.add("pack " + id.toShortString() + ": calculated size " + p.size()
                        + " does not match real size " + fileSize);
                continue;
            }
            if (p.usedBlobs == 0) stats.packsUnused++;
            else if (p.unusedBlobs == 0) stats.packsUsed++;
            else stats.packsPartlyUsed++;
            if (p.uncompressed) stats.uncompressedBytes += p.size();
            if (repositoryVersion >= Config.VERSION_2) {
                p.mustCompress = p.uncompressed && ((!p.mixed && p.type == BlobType.TREE) || options.repackUncompressed());
            }

            if (p.usedBlobs == 0) {
                actions.put(id, PackAction.REMOVE);
                stats.removeBlobs += p.unusedBlobs;
                stats.removeBytes += p.unusedSize;
            } else if (options.repackCacheableOnly() && p.isDataPack()) {
                actions.put(id, PackAction.KEEP);
            } else if (p.unusedBlobs == 0 && !p.mixed && !p.mustCompress) {
                actions.put(id, PackAction.KEEP); // may turn into REPACK below if small
                if (fileSize < smallBelow) smallCandidates.add(p);
            } else {
                actions.put(id, PackAction.KEEP); // decided below
                candidates.add(p);
            }
        }
        if (!sizeMismatches.isEmpty()) {
            throw new PruneException(String.join("; ", sizeMismatches)
                    + "; pack size does not match calculated size from index (run 'restic rebuild-index' or 'repair index')");
        }

        // Whatever is left is in the index but not in the backend.
        List<Id> missingNeeded = new ArrayList<>();
        for (PackInfo p : packs.values()) {
            if (p.usedBlobs == 0) {
                actions.put(p.id, PackAction.FORGET_MISSING);
                stats.removeBlobs += p.unusedBlobs;
                stats.removeBytes += p.unusedSize;
            } else {
                missingNeeded.add(p.id);
            }
        }
        if (!missingNeeded.isEmpty()) {
            throw new PruneException("packs from index missing in repo: the index references " + missingNeeded.size()
                    + " needed pack files which are missing from the repository: "
                    + missingNeeded.stream().map(Id::toString).collect(Collectors.joining(", ")));
        }

        if (smallCandidates.size() >= MIN_SMALL_PACKS) candidates.addAll(smallCandidates);
        candidates.sort(repackOrder(smallBelow));

        long allowedUnused = options.maxUnused().allowed(stats.usedBytes);
        for (PackInfo p : candidates) {
            boolean repackLimitReached = stats.repackBytes + p.size() >= options.maxRepackBytes();
            boolean unusedWithinLimit = stats.unusedBytes + stats.duplicateBytes - stats.removeBytes
                    - stats.repackRemovedBytes < allowedUnused;
            boolean largeEnough = p.size() >= smallBelow;
            boolean repack;
            if (repackLimitReached) repack = false;
            else if (!p.isDataPack() || p.mustCompress) repack = true;
            else repack = !(unusedWithinLimit && largeEnough);
            if (repack) {
                actions.put(p.id, PackAction.REPACK);
                stats.repackBlobs += p.usedBlobs + p.unusedBlobs;
                stats.repackBytes += p.size();
                stats.repackRemovedBlobs += p.unusedBlobs;
                stats.repackRemovedBytes += p.unusedSize;
            }
        }

        for (PackAction a : actions.values()) {
            switch (a) {
                case KEEP -> stats.packsKeep++;
                case REPACK -> stats.packsRepack++;
                case REMOVE -> stats.packsRemove++;
                case DELETE_UNREFERENCED -> stats.packsUnreferenced++;
                case FORGET_MISSING -> { }
            }
        }
        if (repositoryVersion < Config.VERSION_2) stats.uncompressedBytes = 0;

        Set<BlobHandle> toCopy = blobsToCopy(index, used, actions);
        return new PrunePlan(actions, toCopy, indexFiles, stats.freeze());
    }

    /**
     * First pass over the index: which copy of each blob is the used one, and per pack its used and unused blobs
     * and bytes (§18.1 step 3). Fails if a used blob has no copy at all.
     */
    private static Map<Id, PackInfo> classifyBlobs(MasterIndex index, Set<BlobHandle> used, Counters stats)
            throws PruneException {
        // How many copies each used blob has.
        Map<BlobHandle, Integer> copies = new HashMap<>();
        index.forEach(e -> {
            BlobHandle h = new BlobHandle(e.type(), e.id());
            if (used.contains(h)) copies.merge(h, 1, Integer::sum);
        });
        if (copies.size() != used.size()) {
            Set<BlobHandle> missing = new TreeSet<>(Comparator.comparing(BlobHandle::type).thenComparing(BlobHandle::id));
            for (BlobHandle h : used) if (!copies.containsKey(h)) missing.add(h);
            throw new PruneException("index is not complete: " + missing.size() + " used blobs not found in the index ("
                    + missing.stream().limit(20).map(h -> h.type().jsonName() + " " + h.id()).collect(Collectors.joining(", "))
                    + (missing.size() > 20 ? ", …" : "") + "); Integrity check failed: Data seems to be missing."
                    + " Will not start prune to prevent (additional) data loss!");
        }

        Map<Id, PackInfo> packs = new LinkedHashMap<>();
        // Blobs with several copies: how many copies are still undecided; 0 once the used copy is chosen.
        Map<BlobHandle, Integer> undecided = new HashMap<>();
        boolean[] hasDuplicates = {false};
        index.forEach(e -> {
            PackInfo p = packs.computeIfAbsent(e.packId(), PackInfo::new);
            if (p.usedSize == 0) p.usedSize = PackHeader.FIXED_OVERHEAD;
            p.usedSize += e.blob().headerEntrySize();
            if (p.type == null && !p.mixed) p.type = e.type();
            else if (p.type != e.type()) {
                p.mixed = true;
                p.type = null;
            }
            if (!e.isCompressed() && e.plaintextLength() > 0) p.uncompressed = true; // empty blobs are never compressed
            BlobHandle h = new BlobHandle(e.type(), e.id());
            Integer n = copies.get(h);
            if (n == null) {
                p.unusedBlobs++;
                p.unusedSize += e.length();
                stats.unusedBlobs++;
                stats.unusedBytes += e.length();
            } else if (n == 1) {
                p.usedBlobs++;
                p.usedSize += e.length();
                stats.usedBlobs++;
                stats.usedBytes += e.length();
            } else {
                hasDuplicates[0] = true;
                undecided.put(h, n);
                p.unusedBlobs++;
                p.unusedSize += e.length();
                p.duplicateBlobs++;
            }
        });
        if (hasDuplicates[0]) chooseUsedCopies(index, packs, undecided, stats);
        return packs;
    }

    /** Second pass: one copy of each duplicated used blob becomes used, the others duplicates. */
    private static void chooseUsedCopies(MasterIndex index, Map<Id, PackInfo> packs, Map<BlobHandle, Integer> undecided,
                                         Counters stats) {
        index.forEach(e -> {
            BlobHandle h = new BlobHandle(e.type(), e.id());
            Integer count = undecided.get(h);
            if (count == null) return;
            PackInfo p = packs.get(e.packId());
            if (count == 0) {
                stats.duplicateBlobs++;
                stats.duplicateBytes += e.length();
            } else if (p.usedBlobs > 0 || p.duplicateBlobs == p.unusedBlobs || count == 1) {
                p.usedBlobs++;
                p.usedSize += e.length();
                p.unusedBlobs--;
                p.unusedSize -= e.length();
                stats.usedBlobs++;
                stats.usedBytes += e.length();
                undecided.put(h, 0);
            } else {
                undecided.put(h, count - 1);
                stats.duplicateBlobs++;
                stats.duplicateBytes += e.length();
            }
        });
    }

    /**
     * restic's candidate order: packs that are not pure data packs first, then packs below the small size, then the
     * highest ratio of unused to used bytes (compared as cross products, exactly); ties by pack ID for stability.
     */
    private static Comparator<PackInfo> repackOrder(long smallBelow) {
        return (a, b) -> {
            if (a.isDataPack() != b.isDataPack()) return a.isDataPack() ? 1 : -1;
            boolean aSmall = a.size() < smallBelow;
            boolean bSmall = b.size() < smallBelow;
            if (aSmall != bSmall) return aSmall ? -1 : 1;
            // a before b if a.unused / a.used > b.unused / b.used, i.e. a.unused * b.used > b.unused * a.used
            int byRatio = compareProducts(b.unusedSize, a.usedSize, a.unusedSize, b.usedSize);
            return byRatio != 0 ? byRatio : a.id.compareTo(b.id);
        };
    }

    /** Compares x1 * y1 with x2 * y2 for non-negative longs without overflow. */
    private static int compareProducts(long x1, long y1, long x2, long y2) {
        int high = Long.compareUnsigned(Math.unsignedMultiplyHigh(x1, y1), Math.unsignedMultiplyHigh(x2, y2));
        return high != 0 ? high : Long.compareUnsigned(x1 * y1, x2 * y2);
    }

    /**
     * Used blobs that must be copied: all used blobs without a copy in a pack that stays (restic's "keepBlobs").
     * Each of them should have a copy in a pack being repacked; the executor checks that every one was copied
     * before it touches the index. Empty when nothing is repacked.
     */
    private static Set<BlobHandle> blobsToCopy(MasterIndex index, Set<BlobHandle> used, Map<Id, PackAction> actions) {
        if (!actions.containsValue(PackAction.REPACK)) return Set.of();
        Set<BlobHandle> toCopy = new HashSet<>(used);
        index.forEach((IndexEntry e) -> {
            if (actions.get(e.packId()) == PackAction.KEEP) toCopy.remove(new BlobHandle(e.type(), e.id()));
        });
        return toCopy;
    }
}

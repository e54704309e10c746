package io.jrestic.prune;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.IndexPack;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.PackBlob;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries out a {@link PrunePlan} in the order that keeps the repository valid if the process dies at any
 * moment (§15, §18.2):
 *
 * <ol>
 *   <li>delete unreferenced packs: no index names them, so nothing can miss them;</li>
 *   <li>copy the still-used blobs of the packs being repacked into new packs, save them, then an index for them:
 *       until that index exists the new packs are unreferenced, afterwards the blobs are merely duplicated;</li>
 *   <li>save new index files describing every pack that stays (and the new ones), then delete all old index
 *       files: in between, packs are described twice with identical entries, which is harmless;</li>
 *   <li>delete removed and repacked packs, which no index names any more.</li>
 * </ol>
 *
 * A later run finishes the job: leftover new packs are either unreferenced (deleted in step 1) or indexed
 * duplicates (kept in preference to the old copies), and leftover old packs are unreferenced.
 */
public final class PruneExecutor {
    private PruneExecutor() {
    }

    /**
     * Executes {@code plan}, made from {@code index} (the index of {@code repo}, loaded from {@code
     * plan.indexFiles()}). The caller holds an exclusive lock.
     */
    public static PruneResult execute(Repository repo, MasterIndex index, PrunePlan plan, PruneListener listener)
            throws IOException {
        int unreferencedDeleted = deleteUnreferenced(repo, plan, listener);

        Set<Id> repack = plan.packs(PackAction.REPACK);
        Repacker.Result repacked = new Repacker.Result(List.of(), List.of());
        if (!repack.isEmpty()) {
            listener.step(PruneListener.Step.REPACKING, repack.size());
            Set<BlobHandle> toCopy = new HashSet<>(plan.blobsToCopy());
            Repacker repacker = new Repacker(repo, listener);
            for (Id pack : repack) {
                repacker.repack(pack, index.blobsOfPack(pack), toCopy);
                listener.packRepacked(pack);
            }
            repacked = repacker.flush();
            if (!toCopy.isEmpty()) {
                // Never drop the index entries of blobs that were not copied: stop before touching the index.
                throw new PruneException("internal error: " + toCopy.size() + " used blobs were not repacked ("
                        + toCopy.stream().limit(10).map(BlobHandle::toString).collect(Collectors.joining(", "))
                        + "); nothing was removed");
            }
        }

        int indexWritten = repacked.indexFiles().size();
        int indexDeleted = 0;
        if (plan.rewritesIndex()) {
            List<IndexPack> remaining = remainingPacks(index, plan);
            remaining.addAll(repacked.packs());
            listener.step(PruneListener.Step.REBUILDING_INDEX, remaining.size());
            List<Id> fresh = IndexWriter.write(repo, remaining, listener, PruneListener.Checkpoint.INDEX_FILE_SAVED);
            indexWritten += fresh.size();

            Set<Id> obsolete = new LinkedHashSet<>(plan.indexFiles());
            obsolete.addAll(repacked.indexFiles());
            obsolete.removeAll(fresh); // cannot happen (fresh nonces), but never delete what was just written
            listener.step(PruneListener.Step.DELETING_OLD_INDEX_FILES, obsolete.size());
            for (Id id : obsolete) {
                try {
                    repo.backend().remove(FileHandle.of(FileType.INDEX, id));
                } catch (IOException e) {
                    // An old index still naming the packs below would make them "missing" once deleted: stop here.
                    throw new PruneException("cannot delete obsolete index file " + id + ": " + e.getMessage()
                            + "; no packs were deleted, run prune again", e);
                }
                indexDeleted++;
                listener.checkpoint(PruneListener.Checkpoint.OLD_INDEX_FILE_DELETED);
            }
        }

        Set<Id> delete = new LinkedHashSet<>(plan.packs(PackAction.REMOVE));
        delete.addAll(repack);
        int packsDeleted = 0;
        if (!delete.isEmpty()) {
            listener.step(PruneListener.Step.REMOVING_PACKS, delete.size());
            for (Id pack : delete) {
                if (remove(repo, pack, listener)) packsDeleted++;
                listener.checkpoint(PruneListener.Checkpoint.PACK_DELETED);
            }
        }
        listener.step(PruneListener.Step.DONE, -1);
        return new PruneResult(unreferencedDeleted, repacked.packs().size(), indexWritten, indexDeleted, packsDeleted);
    }

    private static int deleteUnreferenced(Repository repo, PrunePlan plan, PruneListener listener) throws IOException {
        Set<Id> unreferenced = plan.packs(PackAction.DELETE_UNREFERENCED);
        if (unreferenced.isEmpty()) return 0;
        listener.step(PruneListener.Step.DELETING_UNREFERENCED_PACKS, unreferenced.size());
        int deleted = 0;
        for (Id pack : unreferenced) {
            if (remove(repo, pack, listener)) deleted++;
            listener.checkpoint(PruneListener.Checkpoint.UNREFERENCED_PACK_DELETED);
        }
        return deleted;
    }

    /** Deletes a pack nothing refers to; a failure only leaves an orphan behind, so it is a warning. */
    private static boolean remove(Repository repo, Id pack, PruneListener listener) {
        try {
            repo.backend().remove(FileHandle.of(FileType.PACK, pack));
            return true;
        } catch (IOException e) {
            listener.warn("unable to remove pack " + pack + ": " + e.getMessage());
            return false;
        }
    }

    /** Every indexed pack the plan keeps, with all its index entries, in index order. */
    private static List<IndexPack> remainingPacks(MasterIndex index, PrunePlan plan) {
        Map<Id, List<PackBlob>> byPack = new LinkedHashMap<>();
        index.forEach((IndexEntry e) -> {
            if (plan.action(e.packId()) == PackAction.KEEP) {
                byPack.computeIfAbsent(e.packId(), k -> new ArrayList<>()).add(e.blob());
            }
        });
        List<IndexPack> packs = new ArrayList<>(byPack.size());
        byPack.forEach((id, blobs) -> packs.add(new IndexPack(id, blobs)));
        return packs;
    }
}

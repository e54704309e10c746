package io.jrestic.prune;

import io.jrestic.id.Id;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a prune will do: an action for every pack file (in the backend or in the index), the used blobs that must
 * be copied out of the packs being repacked, the index files the plan was made from, and the statistics.
 *
 * @param actions     every pack and its action, in a stable order
 * @param blobsToCopy used blobs that have no copy in a kept pack: each must be copied before its pack goes
 * @param indexFiles  the index files read when planning; a prune that rewrites the index replaces all of them
 */
public record PrunePlan(Map<Id, PackAction> actions, Set<BlobHandle> blobsToCopy, List<Id> indexFiles,
                        PruneStatistics statistics) {
    public PrunePlan {
        actions = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(actions));
        blobsToCopy = Collections.unmodifiableSet(new LinkedHashSet<>(blobsToCopy));
        indexFiles = List.copyOf(indexFiles);
    }

    /** The packs with one action, in plan order. */
    public Set<Id> packs(PackAction action) {
        Set<Id> out = new LinkedHashSet<>();
        actions.forEach((id, a) -> {
            if (a == action) out.add(id);
        });
        return out;
    }

    public PackAction action(Id pack) {
        return actions.get(pack);
    }

    /** True if the index must be rewritten: some indexed pack is repacked, removed or forgotten. */
    public boolean rewritesIndex() {
        return actions.values().stream().anyMatch(a -> a == PackAction.REPACK || a == PackAction.REMOVE
                || a == PackAction.FORGET_MISSING);
    }

    /** True if carrying the plan out changes nothing. */
    public boolean isEmpty() {
        return !rewritesIndex() && packs(PackAction.DELETE_UNREFERENCED).isEmpty();
    }
}

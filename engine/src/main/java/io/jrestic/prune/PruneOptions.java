package io.jrestic.prune;

import java.util.Objects;

/**
 * What a prune may do (restic's prune flags, §18.1).
 *
 * @param maxUnused           {@code --max-unused}: unused space tolerated after the prune
 * @param maxRepackBytes      {@code --max-repack-size}: packs are repacked only while their total stays below this
 *                            ({@link Long#MAX_VALUE}: no limit)
 * @param repackCacheableOnly {@code --repack-cacheable-only}: never repack data packs
 * @param repackSmall         {@code --repack-small}: a pack below 80 % of the pack size counts as small
 *                            (otherwise below 1/25 of it)
 * @param repackSmallerThan   {@code --repack-smaller-than} (restic 0.18+): packs below this size count as small;
 *                            0 when not given. Overrides {@code repackSmall}.
 * @param repackUncompressed  {@code --repack-uncompressed}: repack every pack holding uncompressed blobs (v2 only)
 */
public record PruneOptions(UnusedLimit maxUnused, long maxRepackBytes, boolean repackCacheableOnly, boolean repackSmall,
                           long repackSmallerThan, boolean repackUncompressed) {
    public static final PruneOptions DEFAULT = new PruneOptions(UnusedLimit.DEFAULT, Long.MAX_VALUE, false, false, 0, false);

    public PruneOptions {
        Objects.requireNonNull(maxUnused, "maxUnused");
        if (maxRepackBytes < 0) throw new IllegalArgumentException("negative --max-repack-size " + maxRepackBytes);
        if (repackSmallerThan < 0) throw new IllegalArgumentException("negative --repack-smaller-than " + repackSmallerThan);
    }

    public PruneOptions withMaxUnused(UnusedLimit limit) {
        return new PruneOptions(limit, maxRepackBytes, repackCacheableOnly, repackSmall, repackSmallerThan, repackUncompressed);
    }

    public PruneOptions withMaxRepackBytes(long bytes) {
        return new PruneOptions(maxUnused, bytes, repackCacheableOnly, repackSmall, repackSmallerThan, repackUncompressed);
    }

    public PruneOptions withRepackCacheableOnly(boolean on) {
        return new PruneOptions(maxUnused, maxRepackBytes, on, repackSmall, repackSmallerThan, repackUncompressed);
    }

    public PruneOptions withRepackSmall(boolean on) {
        return new PruneOptions(maxUnused, maxRepackBytes, repackCacheableOnly, on, repackSmallerThan, repackUncompressed);
    }

    public PruneOptions withRepackSmallerThan(long bytes) {
        return new PruneOptions(maxUnused, maxRepackBytes, repackCacheableOnly, repackSmall, bytes, repackUncompressed);
    }

    public PruneOptions withRepackUncompressed(boolean on) {
        return new PruneOptions(maxUnused, maxRepackBytes, repackCacheableOnly, repackSmall, repackSmallerThan, on);
    }

    /**
     * Packs below this size are "small" (§18.1 step 6, restic 0.14): {@code packSize / 25}, or 80 % of it with
     * {@code --repack-small}; {@code --repack-smaller-than} replaces both.
     */
    public long smallPackBelow(long packSize) {
        if (repackSmallerThan > 0) return repackSmallerThan;
        return repackSmall ? packSize / 5 * 4 : packSize / 25;
    }
}

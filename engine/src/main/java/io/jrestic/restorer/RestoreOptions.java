package io.jrestic.restorer;

/**
 * How a restore runs.
 *
 * @param packsInParallel how many packs are fetched and written at once; 0 picks a default from the backend's
 *                        connections and the number of cores
 * @param sparse          leave all-zero blobs as holes instead of writing them (files are created empty and
 *                        truncated to their size first, so the content is the same)
 */
public record RestoreOptions(int packsInParallel, boolean sparse) {
    public static final RestoreOptions DEFAULT = new RestoreOptions(0, false);

    public RestoreOptions {
        if (packsInParallel < 0) throw new IllegalArgumentException("packsInParallel must not be negative: " + packsInParallel);
    }
}

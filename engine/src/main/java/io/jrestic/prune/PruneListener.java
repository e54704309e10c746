package io.jrestic.prune;

import io.jrestic.id.Id;
import java.io.IOException;

/**
 * What a prune reports while it runs: the step it starts (for restic's progress lines), each durable change it
 * has just made (a checkpoint: the repository is consistent right after it), and problems it works around.
 * A listener may throw to stop the prune at a checkpoint, e.g. when its lock could not be refreshed; the
 * repository is consistent at every checkpoint.
 */
public interface PruneListener {
    PruneListener NONE = new PruneListener() {
    };

    /** The steps of planning and execution, in order. */
    enum Step {
        LOADING_INDEX, LOADING_SNAPSHOTS, FINDING_USED_BLOBS, SEARCHING_USED_PACKS, COLLECTING_PACKS,
        DELETING_UNREFERENCED_PACKS, REPACKING, REBUILDING_INDEX, DELETING_OLD_INDEX_FILES, REMOVING_PACKS, DONE
    }

    /** Durable changes, each one file; the names are what {@code JRESTIC_TEST_PRUNE_KILL_AT} accepts. */
    enum Checkpoint {
        /** An unreferenced pack was deleted. */
        UNREFERENCED_PACK_DELETED,
        /** A new pack holding copied blobs was saved (not yet indexed). */
        REPACKED_PACK_SAVED,
        /** An index file for new packs was saved. */
        REPACK_INDEX_SAVED,
        /** A file of the new, complete index was saved (the old ones still exist). */
        INDEX_FILE_SAVED,
        /** An old index file was deleted (the new index is complete). */
        OLD_INDEX_FILE_DELETED,
        /** A pack no index refers to any more was deleted. */
        PACK_DELETED;

        /** "repacked-pack-saved" for {@link #REPACKED_PACK_SAVED}. */
        public String externalName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A step starts; {@code count} is how many items it handles (snapshots, packs, files), or -1. */
    default void step(Step step, long count) throws IOException {
    }

    /** All used blobs of {@code pack} were copied during {@link Step#REPACKING} (for progress displays). */
    default void packRepacked(Id pack) throws IOException {
    }

    /** A change was made durable. */
    default void checkpoint(Checkpoint checkpoint) throws IOException {
    }

    /** Something failed that the prune can do without (e.g. deleting a file that is no longer referenced). */
    default void warn(String message) {
    }
}

package io.jrestic.snapshot;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The backup statistics restic 0.17+ stores in a snapshot (restic-format §11.1), fields in restic's order.
 * All counts are non-negative; {@code dataAdded}, {@code dataAddedPacked} and {@code totalBytesProcessed} are
 * unsigned 64-bit values in a {@code long}.
 */
public record SnapshotSummary(
        OffsetDateTime backupStart,
        OffsetDateTime backupEnd,
        long filesNew,
        long filesChanged,
        long filesUnmodified,
        long dirsNew,
        long dirsChanged,
        long dirsUnmodified,
        long dataBlobs,
        long treeBlobs,
        long dataAdded,
        long dataAddedPacked,
        long totalFilesProcessed,
        long totalBytesProcessed) {

    public SnapshotSummary {
        Objects.requireNonNull(backupStart, "backupStart");
        Objects.requireNonNull(backupEnd, "backupEnd");
    }
}

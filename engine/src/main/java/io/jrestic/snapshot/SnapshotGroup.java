package io.jrestic.snapshot;

import java.util.List;
import java.util.Objects;

/** The snapshots that share a {@link GroupKey}, in listing order. */
public record SnapshotGroup(GroupKey key, List<IdentifiedSnapshot> snapshots) {
    public SnapshotGroup {
        Objects.requireNonNull(key, "key");
        snapshots = List.copyOf(snapshots);
    }
}

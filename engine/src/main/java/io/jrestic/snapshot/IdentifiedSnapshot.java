package io.jrestic.snapshot;

import io.jrestic.id.Id;

import java.util.Comparator;
import java.util.Objects;

/** A snapshot together with the ID of the file it was read from (or written to). */
public record IdentifiedSnapshot(Id id, Snapshot snapshot) {
    /** Oldest first by instant, ties by ID: the order of {@code restic snapshots}. */
    public static final Comparator<IdentifiedSnapshot> BY_TIME =
            Comparator.comparing((IdentifiedSnapshot s) -> s.snapshot.time().toInstant()).thenComparing(s -> s.id);

    public IdentifiedSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}

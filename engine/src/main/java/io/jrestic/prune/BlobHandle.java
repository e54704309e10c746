package io.jrestic.prune;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import java.util.Objects;

/** A blob as snapshots refer to it: type and ID, independent of the pack(s) holding it. */
public record BlobHandle(BlobType type, Id id) {
    public BlobHandle {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return type.jsonName() + "/" + id.toShortString();
    }
}

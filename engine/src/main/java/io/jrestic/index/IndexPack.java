package io.jrestic.index;

import io.jrestic.id.Id;
import io.jrestic.pack.PackBlob;
import java.util.List;
import java.util.Objects;

/** One pack as an index file lists it: its ID and its blobs, in any order (restic-format §9.1). */
public record IndexPack(Id packId, List<PackBlob> blobs) {
    public IndexPack {
        Objects.requireNonNull(packId, "packId");
        blobs = List.copyOf(blobs);
    }
}

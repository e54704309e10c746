package io.jrestic.index;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.util.Objects;

/** One blob as the index knows it: the pack holding it and its place in that pack. */
public record IndexEntry(Id packId, PackBlob blob) {
    public IndexEntry {
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(blob, "blob");
    }

    public BlobType type() {
        return blob.type();
    }

    public Id id() {
        return blob.id();
    }

    public long offset() {
        return blob.offset();
    }

    public int length() {
        return blob.length();
    }

    public int uncompressedLength() {
        return blob.uncompressedLength();
    }

    public boolean isCompressed() {
        return blob.isCompressed();
    }

    public int plaintextLength() {
        return blob.plaintextLength();
    }
}

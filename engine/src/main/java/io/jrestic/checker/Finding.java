package io.jrestic.checker;

import io.jrestic.id.Id;
import java.util.Objects;

/**
 * One thing {@code check} found.
 *
 * @param severity whether it makes the repository fail the check
 * @param kind     what part of the repository it concerns, so a front end can group and word it as restic does
 * @param subject  the file or blob it is about (a pack, index, snapshot or tree ID), or null
 * @param message  one line naming what and where, e.g. {@code pack 1a2b…: does not exist}
 */
public record Finding(Severity severity, Kind kind, Id subject, String message) {

    /** The part of the repository a finding concerns. */
    public enum Kind {
        /** A snapshot file that cannot be loaded. */
        SNAPSHOT,
        /** An index file that cannot be loaded, or index entries that contradict each other. */
        INDEX,
        /** A pack described by more than one index file (hint). */
        DUPLICATE_PACK,
        /** A pack holding both data and tree blobs (hint). */
        MIXED_PACK,
        /** An indexed pack that is missing or whose size differs from what the index implies. */
        PACK,
        /** A stored pack that no index describes (hint). */
        UNREFERENCED_PACK,
        /** A tree that cannot be loaded or has an invalid node; {@link #subject} is the tree ID. */
        TREE,
        /** An indexed blob no snapshot uses (only when asked for). */
        UNUSED_BLOB,
        /** Damage found by reading a pack's bytes ({@code --read-data}). */
        PACK_DATA
    }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static Finding error(Kind kind, Id subject, String message) {
        return new Finding(Severity.ERROR, kind, subject, message);
    }

    static Finding hint(Kind kind, Id subject, String message) {
        return new Finding(Severity.HINT, kind, subject, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}

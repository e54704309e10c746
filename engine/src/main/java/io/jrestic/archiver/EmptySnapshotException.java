package io.jrestic.archiver;

import java.io.IOException;

/**
 * A backup found nothing to put in its snapshot, so none is written (restic: "snapshot is empty"). The usual
 * cause is a stream that ended before its first byte, such as a dump command that failed at once: restic
 * reports that as an error on the item rather than storing an empty file.
 */
public final class EmptySnapshotException extends IOException {
    public EmptySnapshotException() {
        super("snapshot is empty");
    }
}

package io.jrestic.diff;

/** Nodes and blobs on one side of a diff (restic's {@code DiffStat}); bytes are plaintext blob sizes. */
public record DiffStat(long files, long dirs, long others, long dataBlobs, long treeBlobs, long bytes) {
    public static final DiffStat EMPTY = new DiffStat(0, 0, 0, 0, 0, 0);
}

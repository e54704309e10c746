package io.jrestic.prune;

/** What an executed prune changed in the repository. */
public record PruneResult(int unreferencedPacksDeleted, int packsWritten, int indexFilesWritten, int indexFilesDeleted,
                          int packsDeleted) {
}

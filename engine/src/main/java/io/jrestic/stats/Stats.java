package io.jrestic.stats;

/**
 * The numbers {@code stats} reports, named as in restic's JSON.
 *
 * @param totalSize      bytes (meaning depends on the mode)
 * @param totalFileCount nodes or files counted; 0 in raw-data mode
 * @param totalBlobCount blobs counted; only blobs-per-file and raw-data count them
 * @param snapshotsCount snapshots walked
 */
public record Stats(long totalSize, long totalFileCount, long totalBlobCount, int snapshotsCount) {
}

package io.jrestic.diff;

/**
 * One changed path; directories end in '/'.
 *
 * @param path     raw bytes of the path inside the snapshots
 * @param modifier {@code +} added, {@code -} removed, or a combination of {@code T} (type changed), {@code M}
 *                 (file content changed) and {@code U} (metadata changed, only with metadata comparison)
 */
public record Change(byte[] path, String modifier) {
}

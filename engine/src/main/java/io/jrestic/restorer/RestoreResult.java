package io.jrestic.restorer;

/**
 * What a restore or verify run did.
 *
 * @param files  files restored (or, for a verify run, verified without a mismatch), hard links included
 * @param bytes  bytes of file content written (or read back)
 * @param errors items reported through {@link RestoreListener#error}
 */
public record RestoreResult(long files, long bytes, long errors) {
}

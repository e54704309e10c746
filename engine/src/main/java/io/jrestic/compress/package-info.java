/**
 * Zstandard compression as restic repository version 2 uses it (restic-format §6, §7): the user's
 * {@link io.jrestic.compress.CompressionMode}, one-frame-per-blob {@link io.jrestic.compress.Zstd} and the
 * {@link io.jrestic.compress.UnpackedEncoding} of index, snapshot and lock files.
 */
package io.jrestic.compress;

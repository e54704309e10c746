/**
 * Restore: a snapshot tree (or a subfolder of it) written into a target directory with restic 0.14's selection,
 * hard-link and metadata semantics. Data is fetched pack by pack (each needed pack read once, in ranges, several
 * packs at a time), every blob is verified before it is written, and a file that cannot be restored correctly is
 * reported and removed rather than left behind with wrong content.
 */
package io.jrestic.restorer;

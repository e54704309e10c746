/**
 * Backup: walks sources, reuses unchanged files from a parent snapshot, chunks and saves the rest through a bounded
 * parallel pipeline, builds trees bottom-up in restic's exact layout, and records the snapshot last.
 */
package io.jrestic.archiver;

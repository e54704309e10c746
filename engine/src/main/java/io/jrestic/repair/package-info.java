/**
 * Repairing a damaged repository, as restic's {@code repair} commands do (restic ≥ 0.16; {@code repair index} is
 * restic 0.14's {@code rebuild-index}).
 *
 * <p>{@link io.jrestic.repair.IndexRepair} rebuilds the index from the pack files' headers; {@link
 * io.jrestic.repair.PackSalvage} copies the readable blobs of damaged packs into new packs and drops the damaged
 * packs; {@link io.jrestic.repair.SnapshotRepair} rewrites snapshots so they reference only blobs the index has;
 * {@link io.jrestic.repair.TreeRecovery} (restic's {@code recover}) saves the trees no snapshot reaches under a new one.
 * Every step writes new files before it deletes old ones (restic-format §15): an interrupted repair leaves a
 * repository that is no worse than before.
 */
package io.jrestic.repair;

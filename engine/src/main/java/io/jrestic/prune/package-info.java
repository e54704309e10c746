/**
 * {@code prune}: removing data no snapshot uses (restic-format §18).
 *
 * <p>{@link io.jrestic.prune.UsedBlobs} walks every snapshot's trees; {@link io.jrestic.prune.PrunePlanner}
 * classifies every blob copy and every pack exactly as restic 0.14 does (keep, repack, remove, delete as
 * unreferenced, forget as missing) into a {@link io.jrestic.prune.PrunePlan}; {@link io.jrestic.prune.PruneExecutor}
 * carries the plan out in the one order that never loses data if the process dies at any moment (§15): unreferenced
 * packs, then new packs and their index ({@link io.jrestic.prune.Repacker}), then a complete new index before the
 * old index files go, and only then the packs nothing refers to any more. {@link io.jrestic.prune.Pruner} ties the
 * steps to a repository.
 */
package io.jrestic.prune;

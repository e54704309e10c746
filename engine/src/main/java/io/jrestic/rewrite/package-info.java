/**
 * Rewriting snapshots: new trees derived from old ones, node by node, and new snapshot files that replace the old
 * ones (restic's {@code rewrite}, also the engine of {@code repair snapshots}).
 *
 * <p>{@link io.jrestic.rewrite.TreeRewriter} walks a snapshot's trees depth first, lets a {@link
 * io.jrestic.rewrite.NodeRewrite} change or drop each node and a {@link io.jrestic.rewrite.FailedTree} decide what
 * replaces a tree that cannot be loaded; only trees that changed are encoded and saved, so untouched subtrees keep
 * their IDs and bytes. {@link io.jrestic.rewrite.SnapshotReplacer} saves the rewritten snapshot (with
 * {@code original} set) after its trees are durable, and removes the old snapshot file on request.
 * {@link io.jrestic.rewrite.ExcludeRewrite} is {@code rewrite --exclude}.
 */
package io.jrestic.rewrite;

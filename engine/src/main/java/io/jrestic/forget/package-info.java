/**
 * {@code forget}'s retention policy (restic-format §17): which snapshots of a group a
 * {@link io.jrestic.forget.RetentionPolicy} keeps, and why.
 *
 * <p>{@link io.jrestic.forget.GroupBy} splits snapshots into {@link io.jrestic.forget.SnapshotGroup}s keyed by
 * host, paths and/or tags (restic's group key JSON); {@link io.jrestic.forget.Retention#apply} evaluates the policy on
 * one group, newest first, with restic's {@link io.jrestic.forget.Bucket} functions and
 * {@link io.jrestic.forget.RetentionDuration} thresholds (Go's {@code AddDate} normalisation), and returns a
 * {@link io.jrestic.forget.RetentionResult} of kept and removed snapshots with {@link io.jrestic.forget.KeepReason}s.
 * {@link io.jrestic.forget.RetentionRules} selects restic 0.14's rules (the default) or latest restic's
 * ({@code unlimited} counts and the oldest-snapshot rule). {@link io.jrestic.forget.SplitGroups} detects a policy
 * that keeps everything only because the host or the paths changed between backups.
 */
package io.jrestic.forget;

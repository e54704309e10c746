/**
 * {@code stats}: restic 0.14's four ways of sizing snapshots ({@link io.jrestic.stats.StatsMode}), counted by
 * {@link io.jrestic.stats.StatsCounter} over one or more snapshots into a {@link io.jrestic.stats.Stats}.
 */
package io.jrestic.stats;

package io.jrestic.diff;

/** The summary of a diff: files whose content changed, and what the second snapshot added and removed. */
public record DiffResult(long changedFiles, DiffStat added, DiffStat removed) {
}

/**
 * Progress while a command runs, as restic shows it: status lines redrawn in place at the bottom of a terminal
 * ({@link io.jrestic.cli.progress.StatusLines}), refreshed at a bounded rate ({@link io.jrestic.cli.progress.RefreshInterval}:
 * at most 60 times a second, or {@code RESTIC_PROGRESS_FPS}), restic's texts for them
 * ({@link io.jrestic.cli.progress.ProgressText}), backup's status with totals from a concurrent scan and its JSON
 * {@code status} messages ({@link io.jrestic.cli.progress.BackupProgress}), a restore line
 * ({@link io.jrestic.cli.progress.RestoreProgress}) and the "[0:02] 45.00%  9 / 20 packs" counters of check and
 * prune ({@link io.jrestic.cli.progress.ProgressCounter}, {@link io.jrestic.cli.progress.CounterSequence}).
 * Nothing is redrawn when standard output is not a terminal (unless {@code RESTIC_PROGRESS_FPS} asks for periodic
 * lines) or with {@code --quiet}; counters still print their final line, as restic 0.14 does.
 */
package io.jrestic.cli.progress;

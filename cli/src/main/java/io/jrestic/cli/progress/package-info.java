/**
 * Progress while a command runs, as restic shows it: status lines redrawn in place at the bottom of a terminal
 * ({@link io.jrestic.cli.progress.StatusLines}), refreshed at a bounded rate ({@link io.jrestic.cli.progress.Ticker},
 * at most 60 times a second or {@code RESTIC_PROGRESS_FPS}), restic's texts for them
 * ({@link io.jrestic.cli.progress.ProgressText}) and its "[0:02] 45.00%  9 / 20 packs" counters
 * ({@link io.jrestic.cli.progress.ProgressCounter}). Nothing is shown when standard output is not a terminal
 * (unless {@code RESTIC_PROGRESS_FPS} asks for periodic lines), with {@code --quiet}, or in JSON mode.
 */
package io.jrestic.cli.progress;

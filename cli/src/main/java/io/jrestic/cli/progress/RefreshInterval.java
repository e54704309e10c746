package io.jrestic.cli.progress;

/** How often progress is redrawn: restic's calculateProgressInterval. */
public final class RefreshInterval {
    /** restic redraws at most 60 times a second. */
    static final long FASTEST_NANOS = 1_000_000_000L / 60;

    private RefreshInterval() {
    }

    /**
     * The interval in nanoseconds, 0 for no periodic progress. {@code RESTIC_PROGRESS_FPS} (a positive number, at
     * most 60) always wins, even on a non-terminal or with --quiet, as in restic; otherwise 1/60 s on a terminal or
     * for JSON status messages, and nothing when not {@code shown} (--quiet) or when plain text would go to a
     * non-terminal.
     *
     * @param fps the value of {@code RESTIC_PROGRESS_FPS}, or null
     */
    public static long nanos(String fps, boolean shown, boolean json, boolean terminal) {
        double rate = parse(fps);
        if (rate > 0) return (long) (1e9 / Math.min(rate, 60));
        if (!shown || (!json && !terminal)) return 0;
        return FASTEST_NANOS;
    }

    private static double parse(String fps) {
        if (fps == null) return 0;
        try {
            double v = Double.parseDouble(fps.strip());
            return Double.isNaN(v) ? 0 : v;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

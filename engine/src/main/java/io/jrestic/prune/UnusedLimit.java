package io.jrestic.prune;

/**
 * How much unused space may remain after a prune ({@code --max-unused}, restic-format §18.1 step 7): a percentage
 * {@code p} of the repository after pruning allows {@code p / (100 - p)} times the used bytes, an absolute size
 * allows that many bytes, and {@link #UNLIMITED} allows anything (nothing is repacked to save space).
 */
public record UnusedLimit(Kind kind, double percent, long bytes) {
    /** restic's default: 5 % of the repository may stay unused. */
    public static final UnusedLimit DEFAULT = percent(5);
    public static final UnusedLimit UNLIMITED = new UnusedLimit(Kind.UNLIMITED, 0, 0);

    public enum Kind { PERCENT, BYTES, UNLIMITED }

    public UnusedLimit {
        if (kind == Kind.PERCENT && !(percent >= 0 && percent < 100)) {
            throw new IllegalArgumentException("percentage for --max-unused must be in [0, 100), got " + percent);
        }
        if (kind == Kind.BYTES && bytes < 0) throw new IllegalArgumentException("negative --max-unused size " + bytes);
    }

    public static UnusedLimit percent(double percent) {
        if (percent < 0) throw new IllegalArgumentException("percentage for --max-unused must be positive");
        if (percent >= 100) throw new IllegalArgumentException("percentage for --max-unused must be below 100%");
        return new UnusedLimit(Kind.PERCENT, percent, 0);
    }

    public static UnusedLimit bytes(long bytes) {
        return new UnusedLimit(Kind.BYTES, 0, bytes);
    }

    /** Unused bytes allowed to remain when {@code usedBytes} are in use. */
    public long allowed(long usedBytes) {
        return switch (kind) {
            case UNLIMITED -> Long.MAX_VALUE;
            case BYTES -> bytes;
            // restic computes this in float64 and truncates
            case PERCENT -> (long) (percent / (100 - percent) * (double) usedBytes);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNLIMITED -> "unlimited";
            case BYTES -> bytes + " B";
            case PERCENT -> percent + "%";
        };
    }
}

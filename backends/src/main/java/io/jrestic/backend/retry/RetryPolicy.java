package io.jrestic.backend.retry;

import java.time.Duration;

/**
 * How often and how patiently to retry: at most {@code maxAttempts} tries in all, waiting about
 * {@code baseDelay × 2^(n−1)} after the n-th failure, capped at {@code maxDelay}, each wait drawn at random from
 * its upper half so that clients that failed together do not retry together.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    /** Ten attempts over about two minutes, like restic's backoff. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(60));
    /** One attempt: no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("negative retry delay: base " + baseDelay + ", max " + maxDelay);
        }
    }

    /**
     * The wait after {@code failedAttempts} failures (≥ 1).
     *
     * @param jitter a number in [0, 1): 0 waits half the nominal delay, values near 1 nearly all of it
     */
    public Duration delay(int failedAttempts, double jitter) {
        if (failedAttempts < 1) throw new IllegalArgumentException("failedAttempts must be at least 1");
        if (!(jitter >= 0 && jitter < 1)) throw new IllegalArgumentException("jitter must be in [0, 1), not " + jitter);
        long base = baseDelay.toNanos();
        long max = maxDelay.toNanos();
        int doublings = Math.min(failedAttempts - 1, 62);
        long nominal = base > (max >> doublings) ? max : base << doublings;
        long half = nominal / 2;
        return Duration.ofNanos(nominal - half + (long) (half * jitter));
    }
}

package io.jrestic.backend.limit;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: bytes flow at {@code bytesPerSecond} on average, and a limiter that was idle lets up to one
 * second's worth through at once, as restic's limiter does. Thread-safe: all callers share the rate.
 *
 * <p>A caller reserves its bytes under the lock and sleeps outside it until they are paid for, so callers queue
 * behind each other's reservations without holding each other up while they sleep.
 */
public final class RateLimiter {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Most bytes moved between two waits: a transfer then flows at the rate instead of in bursts of whole files. */
    private static final int MAX_PIECE = 64 * 1024;

    /** Waits for a number of nanoseconds; replaceable so tests can run on a fake clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long bytesPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    /**
     * The time by which every byte reserved so far has been paid for at the rate. The bucket holds the time from
     * here to now as bytes, up to one second's worth: a full bucket is one paid up a second or more ago.
     */
    private long paidUntil;

    /** A limiter with a full bucket; {@code bytesPerSecond} must be positive. */
    public RateLimiter(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    RateLimiter(long bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a rate limit must be positive, not " + bytesPerSecond + " bytes/s");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.paidUntil = nanoClock.getAsLong() - NANOS_PER_SECOND;
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** How many bytes a stream should move between two calls of {@link #acquire}: at most 64 KiB and one burst. */
    int pieceSize() {
        return (int) Math.min(MAX_PIECE, bytesPerSecond);
    }

    /**
     * Takes {@code bytes} from the bucket, sleeping until the rate allows them. More than a burst at once is
     * allowed but leaves the bucket in debt, which later callers wait for.
     *
     * @throws InterruptedIOException if the thread is interrupted while it waits (the interrupt flag stays set)
     */
    public void acquire(long bytes) throws InterruptedIOException {
        if (bytes <= 0) return;
        long wait;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            long fullBucket = now - NANOS_PER_SECOND;
            if (paidUntil - fullBucket < 0) paidUntil = fullBucket; // an idle bucket holds one burst, not more
            paidUntil += nanosFor(bytes);
            wait = paidUntil - now;
        }
        if (wait <= 0) return;
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the rate limit of " + bytesPerSecond
                    + " bytes/s");
        }
    }

    /** The time {@code bytes} take at the rate, rounded up. */
    private long nanosFor(long bytes) {
        return (long) Math.ceil((double) bytes * NANOS_PER_SECOND / bytesPerSecond);
    }

    @Override
    public String toString() {
        return "RateLimiter[" + bytesPerSecond + " bytes/s]";
    }
}

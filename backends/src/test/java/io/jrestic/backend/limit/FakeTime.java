package io.jrestic.backend.limit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still unless told to move, and a sleeper that records each sleep and, if asked to, moves the
 * clock by it as a real sleep would.
 */
final class FakeTime {
    final AtomicLong nanos = new AtomicLong(123_456_789_000L);
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private final boolean sleepsAdvanceTheClock;

    private FakeTime(boolean sleepsAdvanceTheClock) {
        this.sleepsAdvanceTheClock = sleepsAdvanceTheClock;
    }

    /** Time passes while a caller sleeps, and only then. */
    static FakeTime passingWhileAsleep() {
        return new FakeTime(true);
    }

    /** Time stands still: each sleep shows how far ahead of now its caller's bytes were paid for. */
    static FakeTime frozen() {
        return new FakeTime(false);
    }

    RateLimiter limiter(long bytesPerSecond) {
        return new RateLimiter(bytesPerSecond, nanos::get, nanos -> {
            sleeps.add(nanos);
            if (sleepsAdvanceTheClock) this.nanos.addAndGet(nanos);
        });
    }

    void advanceSeconds(double seconds) {
        nanos.addAndGet((long) (seconds * 1e9));
    }

    double secondsSlept() {
        return sleeps.stream().mapToLong(Long::longValue).sum() / 1e9;
    }
}

package io.jrestic.backend.limit;

import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket, on a fake clock: how long callers must wait for their bytes. */
class RateLimiterTest {
    private static final double NANOSECOND = 1e-9;

    @Test
    void aFullBucketLetsOneSecondsWorthThroughWithoutWaiting() throws InterruptedIOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        RateLimiter limiter = time.limiter(1000);

        limiter.acquire(600);
        limiter.acquire(400);

        assertEquals(List.of(), time.sleeps);
    }

    @Test
    void threeSecondsWorthFromAFullBucketTakesTwoSeconds() throws InterruptedIOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        RateLimiter limiter = time.limiter(1000);

        for (int i = 0; i < 30; i++) limiter.acquire(100);

        assertEquals(2.0, time.secondsSlept(), 30 * NANOSECOND);
        assertEquals(20, time.sleeps.size(), "one wait for each piece after the first second's worth");
    }

    @Test
    void moreThanABurstAtOnceIsADebtTheNextCallerWaitsFor() throws InterruptedIOException {
        FakeTime time = FakeTime.frozen();
        RateLimiter limiter = time.limiter(1000);

        limiter.acquire(3000);
        limiter.acquire(500);

        assertEquals(List.of(2_000_000_000L, 2_500_000_000L), time.sleeps);
    }

    @Test
    void anIdleBucketRefillsToOneBurstNotMore() throws InterruptedIOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        RateLimiter limiter = time.limiter(1000);
        limiter.acquire(1000);

        time.advanceSeconds(0.25);
        limiter.acquire(250);
        assertEquals(List.of(), time.sleeps, "a quarter second refilled a quarter of the bucket");

        time.advanceSeconds(60);
        limiter.acquire(3000);
        assertEquals(2.0, time.secondsSlept(), NANOSECOND, "a minute idle still leaves one second's worth");
    }

    @Test
    void concurrentCallersShareTheRate() throws Exception {
        FakeTime time = FakeTime.frozen();
        RateLimiter limiter = time.limiter(1000);
        int callers = 4;
        List<Future<?>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                calls.add(threads.submit(() -> {
                    limiter.acquire(1000);
                    return null;
                }));
            }
            for (Future<?> call : calls) call.get();
        }

        // Whichever thread came first took the full bucket; each other waits behind those before it.
        assertEquals(List.of(1_000_000_000L, 2_000_000_000L, 3_000_000_000L),
                time.sleeps.stream().sorted().toList());
    }

    @Test
    void piecesAreAtMost64KiBAndAtMostOneBurst() {
        FakeTime time = FakeTime.frozen();
        assertEquals(64 * 1024, time.limiter(10 << 20).pieceSize());
        assertEquals(1000, time.limiter(1000).pieceSize());
    }

    @Test
    void anInterruptedWaitIsAnInterruptedIOExceptionWithTheFlagKept() throws InterruptedIOException {
        RateLimiter limiter = new RateLimiter(1000, () -> 0L, nanos -> {
            throw new InterruptedException();
        });
        limiter.acquire(1000); // the full bucket: no wait

        try {
            assertThrows(InterruptedIOException.class, () -> limiter.acquire(1));
        } finally {
            assertTrue(Thread.interrupted()); // clears the flag for the next test
        }
    }

    @Test
    void aRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(-1024));
    }
}

package io.jrestic.backend.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void theNominalDelayDoublesPerFailureUpToTheCap() {
        // jitter just below 1 gives (almost) the nominal delay
        double full = Math.nextDown(1.0);
        assertEquals(Duration.ofMillis(100), policy.delay(1, full).plusNanos(1));
        assertEquals(Duration.ofMillis(200), policy.delay(2, full).plusNanos(1));
        assertEquals(Duration.ofMillis(800), policy.delay(4, full).plusNanos(1));
        assertEquals(Duration.ofSeconds(1), policy.delay(5, full).plusNanos(1));
        assertEquals(Duration.ofSeconds(1), policy.delay(1000, full).plusNanos(1));
    }

    @Test
    void jitterDrawsFromTheUpperHalf() {
        assertEquals(Duration.ofMillis(50), policy.delay(1, 0));
        assertEquals(Duration.ofMillis(75), policy.delay(1, 0.5));
        assertEquals(Duration.ofMillis(500), policy.delay(100, 0));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> policy.delay(0, 0));
        assertThrows(IllegalArgumentException.class, () -> policy.delay(1, 1.0));
    }
}

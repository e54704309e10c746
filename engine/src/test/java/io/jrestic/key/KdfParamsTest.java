package io.jrestic.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** New keys get restic's cost for this machine: N = 2^15, r = 8, and p lanes that fill the 500 ms budget. */
class KdfParamsTest {
    private static final Duration BUDGET = KdfParams.CALIBRATION_TIME;

    /** p for a lane that takes these times, in ms, run after run (the last repeated if asked for more). */
    private static int pFor(long... laneMillis) {
        Iterator<Long> times = java.util.Arrays.stream(laneMillis).boxed().iterator();
        long[] last = {0};
        KdfParams params = KdfParams.calibrated(BUDGET, () -> {
            if (times.hasNext()) last[0] = times.next();
            return last[0] * 1_000_000;
        });
        assertEquals(32768, params.n());
        assertEquals(8, params.r());
        return params.p();
    }

    @Test
    void pIsTheBudgetOverTheLaneTimeOnceTheJitHasSettled() {
        assertEquals(9, pFor(55)); // restic's p = 9 on this project's machine: lanes of ~55 ms
        assertEquals(9, pFor(130, 80, 56, 55, 57), "the slow first runs (interpreted, then C1) do not count");
        assertEquals(9, pFor(130, 90, 120, 55, 60), "one slow run in between (a collection) does not end the timing");
        assertEquals(2, pFor(250));
        assertEquals(1, pFor(400), "more than half the budget: one lane, as restic takes");
        assertEquals(1, pFor(900), "a slow machine still gets a key");
        assertEquals(KdfParams.MAX_CALIBRATED_P, pFor(0), "an absurd timing is bounded");
    }

    @Test
    void theLaneIsTimedUntilItStopsGettingFasterAndAtMostEightTimes() {
        AtomicInteger runs = new AtomicInteger();
        KdfParams.calibrated(BUDGET, () -> {
            runs.incrementAndGet();
            return 50_000_000;
        });
        assertEquals(3, runs.get(), "one run, then two that are no faster");
        runs.set(0);
        List<Long> faster = List.of(200L, 150L, 120L, 100L, 90L, 80L, 70L, 60L, 50L, 40L);
        KdfParams p = KdfParams.calibrated(BUDGET, () -> faster.get(runs.getAndIncrement()) * 1_000_000);
        assertEquals(8, runs.get());
        assertEquals(8, p.p(), "500 ms over the best of the eight runs, 60 ms");
    }

    @Test
    void realCalibrationGivesResticsTableSizeAndAtLeastOneLane() {
        KdfParams p = KdfParams.calibrated();
        assertEquals(32768, p.n());
        assertEquals(8, p.r());
        assertTrue(p.p() >= 1 && p.p() <= KdfParams.MAX_CALIBRATED_P, p.toString());
    }

    @Test
    void aSystemPropertyFixesTheParametersOfNewKeysForTestSuites() {
        String before = System.getProperty(KdfParams.NEW_KEY_PROPERTY);
        try {
            System.setProperty(KdfParams.NEW_KEY_PROPERTY, "1024, 8, 3");
            assertEquals(new KdfParams(1024, 8, 3), KdfParams.forNewKey());
            System.setProperty(KdfParams.NEW_KEY_PROPERTY, "1024,8");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, KdfParams::forNewKey);
            assertEquals("jrestic.kdf.newKeys must be N,r,p (such as 32768,8,1), not \"1024,8\"", e.getMessage());
            System.clearProperty(KdfParams.NEW_KEY_PROPERTY);
            assertEquals(32768, KdfParams.forNewKey().n(), "calibrated without it");
        } finally {
            if (before == null) System.clearProperty(KdfParams.NEW_KEY_PROPERTY);
            else System.setProperty(KdfParams.NEW_KEY_PROPERTY, before);
        }
    }
}

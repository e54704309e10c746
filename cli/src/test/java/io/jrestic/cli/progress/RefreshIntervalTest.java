package io.jrestic.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** restic's calculateProgressInterval. */
class RefreshIntervalTest {
    private static final long SIXTIETH = 1_000_000_000L / 60;

    @Test
    void sixtyTimesASecondOnATerminalOrForJson() {
        assertEquals(SIXTIETH, RefreshInterval.nanos(null, true, false, true));
        assertEquals(SIXTIETH, RefreshInterval.nanos(null, true, true, false));
    }

    @Test
    void nothingForTextOnANonTerminalOrWhenQuiet() {
        assertEquals(0, RefreshInterval.nanos(null, true, false, false));
        assertEquals(0, RefreshInterval.nanos(null, false, true, true));
        assertEquals(0, RefreshInterval.nanos("not a number", true, false, false));
        assertEquals(0, RefreshInterval.nanos("-1", true, false, false));
    }

    @Test
    void resticProgressFpsWinsEverywhereAndIsCappedAtSixty() {
        assertEquals(500_000_000L, RefreshInterval.nanos("2", true, false, false));
        assertEquals(500_000_000L, RefreshInterval.nanos("2", false, false, false));
        assertEquals(SIXTIETH, RefreshInterval.nanos("1000", true, false, true));
    }
}

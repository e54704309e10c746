package io.jrestic.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** Go's RFC 3339 times (§10.6): what restic writes parses to the same value the JDK's parser gives. */
class GoTimeTest {
    private static final String[] TIMES = {
        "2026-11-24T15:35:09Z", "2026-11-24T15:35:09.5Z", "2026-11-24T15:35:09.123456789+01:00",
        "2020-02-29T12:00:00.000000001-05:30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.99999999+14:00",
        "2026-03-01T00:00:00.1-00:00", "1970-01-01T00:00:00.000100Z",
    };

    @Test
    void parsesAsTheJdkDoes() {
        for (String t : TIMES) {
            OffsetDateTime expected = OffsetDateTime.parse(t);
            OffsetDateTime actual = GoTime.parse(t);
            assertEquals(expected, actual, t);
            assertEquals(expected.getOffset(), actual.getOffset(), t);
        }
        // forms restic never writes still go through the JDK's parser
        assertEquals(OffsetDateTime.parse("2026-11-24T15:35Z"), GoTime.parse("2026-11-24T15:35Z"));
        assertEquals(OffsetDateTime.parse("2026-11-24T15:35:09+01:00:30"), GoTime.parse("2026-11-24T15:35:09+01:00:30"));
    }

    @Test
    void rejectsInvalidTimes() {
        for (String t : new String[] {"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                "2026-11-24T15:35:09.1234567890Z", "2026-11-24 15:35:09Z", "2026-11-24T15:35:09", "x"}) {
            assertThrows(IllegalArgumentException.class, () -> GoTime.parse(t), t);
        }
    }

    @Test
    void formatsTheFractionWithoutTrailingZeros() {
        assertEquals("2026-11-24T15:35:09Z", GoTime.format(OffsetDateTime.parse("2026-11-24T15:35:09.000Z")));
        assertEquals("1970-01-01T00:00:00.0001Z", GoTime.format(OffsetDateTime.parse("1970-01-01T00:00:00.000100Z")));
        assertEquals("2026-11-24T15:35:09.123456789+01:00", GoTime.format(GoTime.parse("2026-11-24T15:35:09.123456789+01:00")));
        assertEquals("2026-11-24T15:35:09.5-05:30", GoTime.format(GoTime.parse("2026-11-24T15:35:09.50-05:30")));
    }
}

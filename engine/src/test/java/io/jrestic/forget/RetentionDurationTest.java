package io.jrestic.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionDurationTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void parsesEveryUnitWithMonthsAsM() {
        assertEquals(new RetentionDuration(1, 2, 3, 4), RetentionDuration.parse("1y2m3d4h"));
        assertEquals(new RetentionDuration(0, 5, 0, 0), RetentionDuration.parse("5m"));
    }

    @Test
    void aLaterUnitOverridesAnEarlierOne() {
        assertEquals(new RetentionDuration(0, 2, 0, 0), RetentionDuration.parse("1m2m"));
        assertEquals("1d", RetentionDuration.parse("1d1d1h0h").toString());
    }

    @Test
    void negativeNumbersAreAcceptedAsRestic014Does() {
        RetentionDuration d = RetentionDuration.parse("-1d");
        assertEquals(-1, d.days());
        assertEquals("-1d", d.toString());
    }

    @Test
    void emptyTextIsTheZeroDuration() {
        assertEquals(RetentionDuration.ZERO, RetentionDuration.parse(""));
        assertEquals("", RetentionDuration.ZERO.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5|no unit found after number 5",
            "5x|invalid unit 'x' found after number 5",
            "d|no number found",
            "1d2|no unit found after number 2",
            "1d-|no number found"})
    void rejectsWhatResticRejectsWithItsMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetentionDuration.parse(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0} - {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            // month overflow rolls over into the next month, as Go's AddDate does (Java's minusMonths clamps)
            "2024-03-31T10:00:00Z|1m|2024-03-02T10:00:00Z",
            "2023-03-31T10:00:00Z|1m|2023-03-03T10:00:00Z",
            "2024-05-31T10:00:00Z|1m|2024-05-01T10:00:00Z",
            "2024-01-31T10:00:00Z|2m|2023-12-01T10:00:00Z",
            "2024-03-31T10:00:00Z|1m1d|2024-03-01T10:00:00Z",
            "2024-02-29T10:00:00Z|1y|2023-03-01T10:00:00Z",
            "2024-03-01T10:00:00Z|1d|2024-02-29T10:00:00Z",
            "2024-01-01T00:30:00Z|1h|2023-12-31T23:30:00Z",
            "2024-01-15T10:00:00Z|1y13m|2021-12-15T10:00:00Z",
            // the calendar part runs in the snapshot's own offset, the hours as absolute time
            "2024-03-31T00:30:00+02:00|1m2h|2024-03-01T20:30:00Z",
            "2024-03-02T10:00:00Z|-1d|2024-03-03T10:00:00Z"})
    void subtractsWithGoDateNormalisation(String time, String duration, String expected) {
        Instant got = RetentionDuration.parse(duration).before(OffsetDateTime.parse(time), UTC);
        assertEquals(Instant.parse(expected), got);
    }

    @Test
    void aTimeInTheLocalZonesOffsetFollowsItsDaylightSavingRules() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        OffsetDateTime afterSwitch = OffsetDateTime.parse("2024-03-31T12:00:00+02:00");
        // Go reads +02:00 on that day as Berlin time: one calendar day back is 12:00 at +01:00
        assertEquals(Instant.parse("2024-03-30T11:00:00Z"), RetentionDuration.parse("1d").before(afterSwitch, berlin));
        // in any other local zone the offset is fixed: exactly 24 hours back
        assertEquals(Instant.parse("2024-03-30T10:00:00Z"), RetentionDuration.parse("1d").before(afterSwitch, UTC));
    }

    @Test
    void aWallTimeInTheSpringGapResolvesAsGoDoes() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant got = RetentionDuration.goLocalToInstant(LocalDateTime.parse("2024-03-31T02:30:00"), berlin);
        assertEquals(Instant.parse("2024-03-31T01:30:00Z"), got);
        Instant overlap = RetentionDuration.goLocalToInstant(LocalDateTime.parse("2024-10-27T02:30:00"), berlin);
        assertEquals(Instant.parse("2024-10-27T01:30:00Z"), overlap);
    }
}

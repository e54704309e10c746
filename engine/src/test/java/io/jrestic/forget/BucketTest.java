package io.jrestic.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketTest {
    @Test
    void calendarBucketsNumberThePeriods() {
        OffsetDateTime t = OffsetDateTime.parse("2024-03-31T10:15:00Z");
        assertEquals(2024033110, Bucket.HOURLY.value(t, 0));
        assertEquals(20240331, Bucket.DAILY.value(t, 0));
        assertEquals(202413, Bucket.WEEKLY.value(t, 0));
        assertEquals(202403, Bucket.MONTHLY.value(t, 0));
        assertEquals(2024, Bucket.YEARLY.value(t, 0));
    }

    @Test
    void lastIsThePositionInTheList() {
        OffsetDateTime t = OffsetDateTime.parse("2024-03-31T10:15:00Z");
        assertEquals(7, Bucket.LAST.value(t, 7));
    }

    @Test
    void calendarFieldsAreReadInTheRecordedOffset() {
        OffsetDateTime newYearInParis = OffsetDateTime.parse("2024-01-01T00:30:00+01:00");
        assertEquals(20240101, Bucket.DAILY.value(newYearInParis, 0));
        assertEquals(2024, Bucket.YEARLY.value(newYearInParis, 0));
        assertEquals(2024010100, Bucket.HOURLY.value(newYearInParis, 0));
    }

    @ParameterizedTest(name = "{0} is in ISO week {1}")
    @CsvSource({
            "2024-12-30T12:00:00Z, 202501",   // a Monday of December in week 1 of the next year
            "2024-12-29T12:00:00Z, 202452",
            "2021-01-03T12:00:00Z, 202053",   // a Sunday of January in the last week of the previous year
            "2021-01-04T12:00:00Z, 202101",
            "2026-01-01T12:00:00Z, 202601",   // a Thursday: week 1 of its own year
            "2027-01-01T12:00:00Z, 202653",   // a Friday: week 53 of the previous year
            "2024-12-29T23:30:00-01:00, 202452"})  // Monday 30 December in UTC, still Sunday where it was taken
    void weeksAreIsoWeeksOfTheWeekBasedYear(String time, int week) {
        assertEquals(week, Bucket.WEEKLY.value(OffsetDateTime.parse(time), 0));
    }
}

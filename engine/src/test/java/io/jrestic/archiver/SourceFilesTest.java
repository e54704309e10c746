package io.jrestic.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SourceFilesTest {
    @Test
    void yearsOutsideRfc3339AreMovedToTheNearestValidYearAsGoAddDateDoes() {
        OffsetDateTime far = OffsetDateTime.of(12024, 5, 6, 7, 8, 9, 123, ZoneOffset.UTC);
        assertEquals(OffsetDateTime.of(9999, 5, 6, 7, 8, 9, 123, ZoneOffset.UTC), SourceFiles.clampYear(far));
        OffsetDateTime leapDay = OffsetDateTime.of(10000, 2, 29, 1, 2, 3, 0, ZoneOffset.UTC);
        assertEquals(OffsetDateTime.of(9999, 3, 1, 1, 2, 3, 0, ZoneOffset.UTC), SourceFiles.clampYear(leapDay));
        OffsetDateTime negative = OffsetDateTime.of(-5, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), SourceFiles.clampYear(negative));
        OffsetDateTime normal = OffsetDateTime.of(2024, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(normal, SourceFiles.clampYear(normal));
    }
}

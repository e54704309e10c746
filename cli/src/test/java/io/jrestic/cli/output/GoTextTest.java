package io.jrestic.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class GoTextTest {
    @Test
    void timesPrintLikeGosTimeString() {
        assertEquals("2026-11-24 10:18:23.166463582 +0000 UTC", GoText.time(OffsetDateTime.parse("2026-11-24T10:18:23.166463582Z")));
        assertEquals("2026-11-24 10:18:23 +0000 UTC", GoText.time(OffsetDateTime.parse("2026-11-24T10:18:23Z")));
        boolean localIsPlus0530 = ZoneId.systemDefault().getRules().getOffset(java.time.Instant.parse("2020-01-01T00:00:00Z"))
                .getTotalSeconds() == 19800;
        if (!localIsPlus0530) {
            assertEquals("2020-01-01 05:30:00.5 +0530 +0530", GoText.time(OffsetDateTime.parse("2020-01-01T05:30:00.5+05:30")),
                    "an offset that is not the local zone's prints as Go's unnamed fixed zone");
        }
    }

    @Test
    void durationsRoundedToMillisecondsPrintLikeGo() {
        assertEquals("0s", GoText.durationMillis(Duration.ofNanos(400_000)));
        assertEquals("53ms", GoText.durationMillis(Duration.ofMillis(53)));
        assertEquals("1.5s", GoText.durationMillis(Duration.ofMillis(1500)));
        assertEquals("2m3.004s", GoText.durationMillis(Duration.ofMillis(123_004)));
        assertEquals("1h0m0s", GoText.durationMillis(Duration.ofHours(1)));
    }
}

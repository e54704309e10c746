package io.jrestic.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The "Applying Policy" line, compared with what restic 0.14 printed for the same flags. */
class RetentionPolicyTest {
    private static RetentionDuration d(String s) {
        return RetentionDuration.parse(s);
    }

    @Test
    void countsThenTags() {
        RetentionPolicy p = RetentionPolicy.builder().last(2).monthly(2).keepTags(List.of("b", "a")).build();
        assertEquals("keep 2 latest, 2 monthly snapshots and all snapshots with tags [[b, a]]", p.describe());
    }

    @Test
    void withinBucketsOnly() {
        RetentionPolicy p = RetentionPolicy.builder().within(Bucket.DAILY, d("3d")).within(Bucket.HOURLY, d("2h"))
                .within(Bucket.WEEKLY, d("1m")).within(Bucket.MONTHLY, d("1y")).within(Bucket.YEARLY, d("9y")).build();
        assertEquals("keep hourly snapshots within 2h, daily snapshots within 3d, weekly snapshots within 1m, "
                + "monthly snapshots within 1y, yearly snapshots within 9y", p.describe());
    }

    @Test
    void countsAndWithin() {
        RetentionPolicy p = RetentionPolicy.builder().hourly(1).weekly(2).yearly(3).within(d("2d")).build();
        assertEquals("keep 1 hourly, 2 weekly, 3 yearly snapshots and all snapshots within 2d of the newest", p.describe());
    }

    @Test
    void severalTagLists() {
        RetentionPolicy p = RetentionPolicy.builder().keepTags(List.of("a")).keepTags(List.of("b", "c")).build();
        assertEquals("keep all snapshots with tags [[a] [b, c]]", p.describe());
    }

    @Test
    void everyKindTogether() {
        RetentionPolicy p = RetentionPolicy.builder().keepTags(List.of("a")).within(d("3d")).last(1)
                .within(Bucket.DAILY, d("1d")).build();
        assertEquals("keep 1 latest snapshots, daily snapshots within 1d and all snapshots with tags [[a]] "
                + "and all snapshots within 3d of the newest", p.describe());
    }

    @Test
    void aNegativeCountIsARuleThatListsNothing() {
        RetentionPolicy p = RetentionPolicy.builder().last(-1).build();
        assertFalse(p.isEmpty());
        assertEquals("keep ", p.describe());
    }

    @Test
    void zeroCountsAndZeroDurationsAreEmpty() {
        assertTrue(RetentionPolicy.builder().last(0).within(d("0d")).build().isEmpty());
        assertFalse(RetentionPolicy.builder().keepTags(List.of("")).build().isEmpty());
    }
}

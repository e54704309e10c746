package io.jrestic.forget;

import static io.jrestic.forget.Snapshots.at;
import static io.jrestic.forget.Snapshots.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.snapshot.IdentifiedSnapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

    private static RetentionResult apply(List<IdentifiedSnapshot> group, RetentionPolicy p) {
        return Retention.apply(group, p, NOW, RetentionRules.RESTIC_0_14, ZoneOffset.UTC);
    }

    private static RetentionResult applyLatest(List<IdentifiedSnapshot> group, RetentionPolicy p) {
        return Retention.apply(group, p, NOW, RetentionRules.RESTIC_LATEST, ZoneOffset.UTC);
    }

    private static List<List<String>> matches(RetentionResult r) {
        return r.reasons().stream().map(KeepReason::matches).toList();
    }

    @Test
    void keepLastKeepsTheNewestWhateverTheListingOrder() {
        List<IdentifiedSnapshot> group = List.of(
                at("s1", "2024-05-01T10:00:00Z"), at("s3", "2024-05-03T10:00:00Z"), at("s2", "2024-05-02T10:00:00Z"));
        RetentionResult r = apply(group, RetentionPolicy.builder().last(2).build());
        assertEquals(List.of("s3", "s2"), labels(r.keep()));
        assertEquals(List.of("s1"), labels(r.remove()));
        assertEquals(List.of(List.of("last snapshot"), List.of("last snapshot")), matches(r));
    }

    @Test
    void countersAreTheRemainingCountsAfterEachKeptSnapshot() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-04-30T10:00:00Z"), at("s2", "2024-05-02T10:00:00Z"),
                at("s3", "2024-05-03T10:00:00Z"));
        RetentionResult r = apply(group, RetentionPolicy.builder().last(2).monthly(2).build());
        assertEquals(List.of(List.of("last snapshot", "monthly snapshot"), List.of("last snapshot"),
                List.of("monthly snapshot")), matches(r));
        assertEquals(1, r.reasons().get(0).counters().get(Bucket.LAST));
        assertEquals(1, r.reasons().get(0).counters().get(Bucket.MONTHLY));
        assertEquals(Map.of(Bucket.LAST, 0, Bucket.HOURLY, 0, Bucket.DAILY, 0, Bucket.WEEKLY, 0, Bucket.MONTHLY, 0,
                Bucket.YEARLY, 0), r.reasons().get(2).counters());
    }

    @Test
    void dailyKeepsTheNewestOfEachDay() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-05-01T08:00:00Z"), at("s2", "2024-05-01T20:00:00Z"),
                at("s3", "2024-05-02T08:00:00Z"), at("s4", "2024-05-02T09:00:00Z"), at("s5", "2024-05-03T07:00:00Z"));
        RetentionResult r = apply(group, RetentionPolicy.builder().daily(2).build());
        assertEquals(List.of("s5", "s4"), labels(r.keep()));
        assertEquals(List.of("s3", "s2", "s1"), labels(r.remove()));
    }

    @Test
    void equalTimesKeepTheListingOrder() {
        List<IdentifiedSnapshot> group = List.of(at("b1", "2024-05-01T10:00:00Z"), at("a1", "2024-05-01T10:00:00Z"));
        assertEquals(List.of("b1"), labels(apply(group, RetentionPolicy.builder().last(1).build()).keep()));
        assertEquals(List.of("a1"), labels(apply(group.reversed(), RetentionPolicy.builder().last(1).build()).keep()));
    }

    @Test
    void futureSnapshotsDoNotMoveTheWithinWindow() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-05-29T00:00:00Z"), at("s2", "2024-05-30T00:00:00Z"),
                at("s3", "2024-05-31T00:00:00Z"), at("f1", "2024-07-01T00:00:00Z"));
        RetentionResult r = apply(group, RetentionPolicy.builder().within(RetentionDuration.parse("1d")).build());
        // latest is s3 (f1 is after now); the window is strictly after 2024-05-30T00:00, so s2 is out
        assertEquals(List.of("f1", "s3"), labels(r.keep()));
        assertEquals(List.of("s2", "s1"), labels(r.remove()));
    }

    @Test
    void whenEverySnapshotIsInTheFutureWithinRulesKeepEverything() {
        List<IdentifiedSnapshot> group = List.of(at("f1", "2030-01-01T00:00:00Z"), at("f2", "2031-01-01T00:00:00Z"));
        RetentionResult r = apply(group, RetentionPolicy.builder().within(RetentionDuration.parse("1d")).build());
        assertEquals(List.of("f2", "f1"), labels(r.keep()));
    }

    @Test
    void withinUsesGoMonthArithmeticNotClamping() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-03-31T10:00:00Z"), at("s2", "2024-03-02T11:00:00Z"),
                at("s3", "2024-03-01T12:00:00Z"));
        // 2024-03-31 minus one month is "2024-02-31" = 2024-03-02; clamping would give 2024-02-29 and keep s3
        RetentionResult r = apply(group, RetentionPolicy.builder().within(RetentionDuration.parse("1m")).build());
        assertEquals(List.of("s1", "s2"), labels(r.keep()));
        assertEquals(List.of("s3"), labels(r.remove()));
    }

    @Test
    void reasonsComeInResticsOrder() {
        List<IdentifiedSnapshot> group = List.of(
                at("s1", "2024-05-30T10:00:00Z", "h", List.of("/p"), List.of("a", "b")),
                at("s2", "2024-05-31T10:00:00Z", "h", List.of("/p"), List.of("b")));
        RetentionPolicy p = RetentionPolicy.builder().keepTags(List.of("b")).keepTags(List.of("a")).daily(1)
                .within(RetentionDuration.parse("3d")).within(Bucket.WEEKLY, RetentionDuration.parse("1m")).build();
        RetentionResult r = apply(group, p);
        assertEquals(List.of(
                List.of("has tags [b]", "within 3d", "daily snapshot", "weekly within 1m"),
                List.of("has tags [b]", "has tags [a]", "within 3d")), matches(r));
    }

    @Test
    void withinBucketsKeepOnePerPeriodInsideTheWindow() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-05-27T10:00:00Z"), at("s2", "2024-05-29T10:00:00Z"),
                at("s3", "2024-05-29T12:00:00Z"), at("s4", "2024-05-31T10:00:00Z"));
        RetentionResult r = apply(group, RetentionPolicy.builder().within(Bucket.DAILY, RetentionDuration.parse("3d")).build());
        assertEquals(List.of("s4", "s3"), labels(r.keep()));
        assertEquals(List.of(List.of("daily within 3d"), List.of("daily within 3d")), matches(r));
    }

    @Test
    void anEmptyPolicyKeepsEverything() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-05-27T10:00:00Z"));
        RetentionResult r = apply(group, RetentionPolicy.builder().build());
        assertEquals(List.of("s1"), labels(r.keep()));
        assertEquals(List.of(List.of("policy is empty")), matches(r));
    }

    @Test
    void minusOneKeepsNothingIn014AndEverythingInLatest() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-05-27T10:00:00Z"), at("s2", "2024-05-27T11:00:00Z"));
        RetentionPolicy p = RetentionPolicy.builder().daily(RetentionPolicy.UNLIMITED).build();
        RetentionResult old = apply(group, p);
        assertEquals(List.of(), old.keep());
        assertEquals(List.of("s2", "s1"), labels(old.remove()));
        RetentionResult latest = applyLatest(group, p);
        // unlimited: the first of the day, and the oldest of the group by the oldest rule
        assertEquals(List.of("s2", "s1"), labels(latest.keep()));
        assertEquals(List.of(List.of("daily snapshot"), List.of("oldest daily snapshot")), matches(latest));
    }

    @Test
    void latestRulesKeepTheOldestWhileCountIsLeft() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-05-01T10:00:00Z"), at("s2", "2024-05-01T12:00:00Z"),
                at("s3", "2024-05-02T12:00:00Z"));
        RetentionPolicy p = RetentionPolicy.builder().daily(5).build();
        assertEquals(List.of("s1"), labels(apply(group, p).remove()));
        RetentionResult latest = applyLatest(group, p);
        assertEquals(List.of("s3", "s2", "s1"), labels(latest.keep()));
        assertEquals(List.of("oldest daily snapshot"), latest.reasons().get(2).matches());
        assertEquals(2, latest.reasons().get(2).counters().get(Bucket.DAILY));
        // no count left: the oldest goes
        assertEquals(List.of("s1"), labels(applyLatest(group, RetentionPolicy.builder().daily(2).build()).remove()));
    }

    @Test
    void theOldestWithANewPeriodHasThePlainReason() {
        List<IdentifiedSnapshot> group = List.of(at("s1", "2024-04-30T10:00:00Z"), at("s2", "2024-05-01T12:00:00Z"));
        RetentionResult latest = applyLatest(group, RetentionPolicy.builder().monthly(3).build());
        assertEquals(List.of(List.of("monthly snapshot"), List.of("monthly snapshot")), matches(latest));
    }
}

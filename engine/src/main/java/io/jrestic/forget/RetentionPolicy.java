package io.jrestic.forget;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code forget} keeps (restic-format §17.2): snapshot counts per {@link Bucket} ({@code 0} = off; with
 * {@link RetentionRules#RESTIC_LATEST} {@code -1} = unlimited), durations relative to the group's latest snapshot,
 * and tag lists.
 *
 * @param within   keep every snapshot newer than this ({@code --keep-within})
 * @param keepTags keep every snapshot that has all tags of one of these lists ({@code --keep-tag})
 */
public record RetentionPolicy(
        int last, int hourly, int daily, int weekly, int monthly, int yearly,
        RetentionDuration within,
        RetentionDuration withinHourly, RetentionDuration withinDaily, RetentionDuration withinWeekly,
        RetentionDuration withinMonthly, RetentionDuration withinYearly,
        List<List<String>> keepTags) {

    public static final int UNLIMITED = -1;

    public RetentionPolicy {
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(withinHourly, "withinHourly");
        Objects.requireNonNull(withinDaily, "withinDaily");
        Objects.requireNonNull(withinWeekly, "withinWeekly");
        Objects.requireNonNull(withinMonthly, "withinMonthly");
        Objects.requireNonNull(withinYearly, "withinYearly");
        keepTags = keepTags.stream().map(List::copyOf).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The count of a bucket ({@code --keep-last} for {@link Bucket#LAST}, …). */
    public int count(Bucket b) {
        return switch (b) {
            case LAST -> last;
            case HOURLY -> hourly;
            case DAILY -> daily;
            case WEEKLY -> weekly;
            case MONTHLY -> monthly;
            case YEARLY -> yearly;
        };
    }

    /** The within duration of a calendar bucket ({@code --keep-within-daily} for {@link Bucket#DAILY}, …). */
    public RetentionDuration within(Bucket b) {
        return switch (b) {
            case LAST -> throw new IllegalArgumentException("no within rule for the last bucket");
            case HOURLY -> withinHourly;
            case DAILY -> withinDaily;
            case WEEKLY -> withinWeekly;
            case MONTHLY -> withinMonthly;
            case YEARLY -> withinYearly;
        };
    }

    /** No rule at all (restic then keeps everything); a negative count is a rule, as in restic 0.14. */
    public boolean isEmpty() {
        for (Bucket b : Bucket.values()) if (count(b) != 0) return false;
        for (Bucket b : Bucket.CALENDAR) if (!within(b).isZero()) return false;
        return within.isZero() && keepTags.isEmpty();
    }

    /**
     * restic's one-line description printed as {@code Applying Policy: …}, e.g. {@code keep 2 latest, 7 daily
     * snapshots and all snapshots within 1m of the newest}; only positive counts are listed.
     */
    public String describe() {
        List<String> counts = new ArrayList<>();
        for (Bucket b : Bucket.values()) {
            if (count(b) > 0) counts.add(count(b) + " " + (b == Bucket.LAST ? "latest" : b.counterName()));
        }
        List<String> withins = new ArrayList<>();
        for (Bucket b : Bucket.CALENDAR) {
            if (!within(b).isZero()) withins.add(b.counterName() + " snapshots within " + within(b));
        }
        StringBuilder sb = new StringBuilder("keep ");
        if (!counts.isEmpty()) sb.append(String.join(", ", counts)).append(" snapshots");
        if (!withins.isEmpty()) {
            if (!counts.isEmpty()) sb.append(", ");
            sb.append(String.join(", ", withins));
        }
        boolean some = !counts.isEmpty() || !withins.isEmpty();
        if (!keepTags.isEmpty()) {
            if (some) sb.append(" and ");
            List<String> lists = keepTags.stream().map(RetentionPolicy::goTagList).toList();
            sb.append("all snapshots with tags [").append(String.join(" ", lists)).append(']');
            some = true;
        }
        if (!within.isZero()) {
            if (some) sb.append(" and ");
            sb.append("all snapshots within ").append(within).append(" of the newest");
        }
        return sb.toString();
    }

    /** A tag list as restic prints it: {@code [a, b]}. */
    static String goTagList(List<String> tags) {
        return "[" + String.join(", ", tags) + "]";
    }

    /** Builds a {@link RetentionPolicy}; everything unset is off. */
    public static final class Builder {
        private final int[] counts = new int[Bucket.values().length];
        private RetentionDuration within = RetentionDuration.ZERO;
        private final RetentionDuration[] withins = new RetentionDuration[Bucket.values().length];
        private final List<List<String>> keepTags = new ArrayList<>();

        private Builder() {
            java.util.Arrays.fill(withins, RetentionDuration.ZERO);
        }

        public Builder count(Bucket b, int n) {
            counts[b.ordinal()] = n;
            return this;
        }

        public Builder last(int n) {
            return count(Bucket.LAST, n);
        }

        public Builder hourly(int n) {
            return count(Bucket.HOURLY, n);
        }

        public Builder daily(int n) {
            return count(Bucket.DAILY, n);
        }

        public Builder weekly(int n) {
            return count(Bucket.WEEKLY, n);
        }

        public Builder monthly(int n) {
            return count(Bucket.MONTHLY, n);
        }

        public Builder yearly(int n) {
            return count(Bucket.YEARLY, n);
        }

        public Builder within(RetentionDuration d) {
            within = Objects.requireNonNull(d);
            return this;
        }

        /** {@code --keep-within-<bucket>}; {@link Bucket#LAST} has no within rule. */
        public Builder within(Bucket b, RetentionDuration d) {
            if (b == Bucket.LAST) throw new IllegalArgumentException("no within rule for the last bucket");
            withins[b.ordinal()] = Objects.requireNonNull(d);
            return this;
        }

        public Builder keepTags(List<String> tags) {
            keepTags.add(List.copyOf(tags));
            return this;
        }

        public RetentionPolicy build() {
            return new RetentionPolicy(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], within,
                    withins[Bucket.HOURLY.ordinal()], withins[Bucket.DAILY.ordinal()], withins[Bucket.WEEKLY.ordinal()],
                    withins[Bucket.MONTHLY.ordinal()], withins[Bucket.YEARLY.ordinal()], keepTags);
        }
    }
}

package io.jrestic.forget;

import java.time.OffsetDateTime;
import java.time.temporal.IsoFields;

/**
 * The periods a count rule ({@code --keep-last}, {@code --keep-hourly}, …) keeps one snapshot of. A bucket maps a
 * snapshot to a number; two snapshots are in the same period iff their numbers are equal. Calendar fields are read
 * in the UTC offset recorded with the snapshot's time.
 */
public enum Bucket {
    /** Every snapshot is its own period: the value is its position in the newest-first list. */
    LAST("last", "last snapshot"),
    HOURLY("hourly", "hourly snapshot"),
    DAILY("daily", "daily snapshot"),
    /** ISO 8601 weeks: the week-based year, so 31 December may belong to week 1 of the next year. */
    WEEKLY("weekly", "weekly snapshot"),
    MONTHLY("monthly", "monthly snapshot"),
    YEARLY("yearly", "yearly snapshot");

    private final String counterName;
    private final String reason;

    Bucket(String counterName, String reason) {
        this.counterName = counterName;
        this.reason = reason;
    }

    /** The key of this bucket's remaining count in restic 0.14's JSON {@code counters}. */
    public String counterName() {
        return counterName;
    }

    /** The reason recorded when this bucket keeps a snapshot, e.g. {@code daily snapshot}. */
    public String reason() {
        return reason;
    }

    /** The period number of a snapshot taken at {@code t} that is at position {@code nr} of the newest-first list. */
    public int value(OffsetDateTime t, int nr) {
        return switch (this) {
            case LAST -> nr;
            case HOURLY -> t.getYear() * 1_000_000 + t.getMonthValue() * 10_000 + t.getDayOfMonth() * 100 + t.getHour();
            case DAILY -> t.getYear() * 10_000 + t.getMonthValue() * 100 + t.getDayOfMonth();
            case WEEKLY -> t.get(IsoFields.WEEK_BASED_YEAR) * 100 + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTHLY -> t.getYear() * 100 + t.getMonthValue();
            case YEARLY -> t.getYear();
        };
    }

    /** The bucket a within rule uses ({@code --keep-within-hourly} → {@link #HOURLY}, …); never {@link #LAST}. */
    static final Bucket[] CALENDAR = {HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY};
}

package io.jrestic.forget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@code --keep-within*} duration: years, months, days and hours, written {@code 1y2m3d4h} (m = months).
 *
 * <p>It is not a fixed length of time: the calendar part moves a date as Go's {@code time.AddDate} does, with
 * overflow rolling over instead of clamping (31 March − 1 month = "31 February" = 2 March in a leap year).
 */
public record RetentionDuration(int years, int months, int days, int hours) {
    public static final RetentionDuration ZERO = new RetentionDuration(0, 0, 0, 0);

    private static final long SECONDS_PER_HOUR = 3600;

    /**
     * Parses restic's syntax: one or more {@code <integer><unit>}, units {@code y m d h}, an optional leading minus
     * per number (restic 0.14 accepts negative values); a later unit overrides an earlier one.
     *
     * @throws IllegalArgumentException with restic's message, e.g. {@code invalid unit 'x' found after number 5}
     */
    public static RetentionDuration parse(String text) {
        int y = 0, mo = 0, d = 0, h = 0;
        int i = 0;
        while (i < text.length()) {
            boolean negative = text.charAt(i) == '-';
            if (negative) i++;
            int start = i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
            if (i == start) throw new IllegalArgumentException("no number found");
            int number;
            try {
                number = Integer.parseInt(text.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("number out of range: " + text.substring(start, i));
            }
            if (negative) number = -number;
            if (i == text.length()) throw new IllegalArgumentException("no unit found after number " + number);
            switch (text.charAt(i)) {
                case 'y' -> y = number;
                case 'm' -> mo = number;
                case 'd' -> d = number;
                case 'h' -> h = number;
                default -> throw new IllegalArgumentException(
                        "invalid unit '" + text.charAt(i) + "' found after number " + number);
            }
            i++;
        }
        return new RetentionDuration(y, mo, d, h);
    }

    public boolean isZero() {
        return years == 0 && months == 0 && days == 0 && hours == 0;
    }

    public boolean hasNegativePart() {
        return years < 0 || months < 0 || days < 0 || hours < 0;
    }

    /**
     * The instant this duration before {@code t}: the calendar part is subtracted in {@code t}'s zone as Go does
     * (see {@link #goZone}), then the hours as absolute time.
     */
    public Instant before(OffsetDateTime t, ZoneId localZone) {
        Instant shifted = goAddDate(t, -years, -months, -days, goZone(t, localZone));
        return shifted.minusSeconds(hours * SECONDS_PER_HOUR);
    }

    /**
     * The zone Go attaches to a parsed RFC 3339 time: the process's local zone when the offset is the one that zone
     * has at that instant (so date arithmetic follows its daylight-saving rules), otherwise the fixed offset. A zero
     * offset is taken as UTC (Go reads {@code Z} as UTC, and restic writes {@code Z} for UTC).
     */
    static ZoneId goZone(OffsetDateTime t, ZoneId localZone) {
        if (t.getOffset().equals(ZoneOffset.UTC)) return ZoneOffset.UTC;
        if (localZone.getRules().getOffset(t.toInstant()).equals(t.getOffset())) return localZone;
        return t.getOffset();
    }

    /**
     * Go's {@code t.AddDate(y, m, d)}: the month is normalised into the year, then the day count runs on from the
     * first of that month, so out-of-range days spill into neighbouring months; the wall clock is kept and turned
     * back into an instant with Go's zone lookup.
     */
    static Instant goAddDate(OffsetDateTime t, int years, int months, int days, ZoneId zone) {
        long monthIndex = (long) (t.getYear() + years) * 12 + (t.getMonthValue() - 1) + months;
        int year = Math.toIntExact(Math.floorDiv(monthIndex, 12));
        int month = (int) Math.floorMod(monthIndex, 12) + 1;
        LocalDate date = LocalDate.of(year, month, 1).plusDays((long) t.getDayOfMonth() - 1 + days);
        LocalDateTime wall = date.atTime(t.toLocalTime());
        return goLocalToInstant(wall, zone);
    }

    /**
     * Go's {@code time.Date} zone lookup for a wall-clock time: take the offset in force at the wall time read as
     * UTC, then the offset in force at the instant that gives; in a gap or an overlap this picks what Go picks.
     */
    static Instant goLocalToInstant(LocalDateTime wall, ZoneId zone) {
        long unix = wall.toEpochSecond(ZoneOffset.UTC);
        var rules = zone.getRules();
        int first = rules.getOffset(Instant.ofEpochSecond(unix)).getTotalSeconds();
        int offset = first == 0 ? 0 : rules.getOffset(Instant.ofEpochSecond(unix - first)).getTotalSeconds();
        return Instant.ofEpochSecond(unix - offset, wall.getNano());
    }

    /** restic's form: {@code <n>y<n>m<n>d<n>h} with zero parts left out ({@code 1m}, {@code 2y3d}). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (years != 0) sb.append(years).append('y');
        if (months != 0) sb.append(months).append('m');
        if (days != 0) sb.append(days).append('d');
        if (hours != 0) sb.append(hours).append('h');
        return sb.toString();
    }
}

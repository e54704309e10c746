package io.jrestic.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Go's {@code time.Time} JSON form (RFC 3339 with nanoseconds), the format of every time restic stores:
 * the fraction without trailing zeros and omitted when zero, {@code Z} for a zero offset, otherwise the offset
 * in hours and minutes with any seconds truncated toward zero (restic-format §10.6).
 */
public final class GoTime {
    private GoTime() {
    }

    /** The instant in the zone {@code zone}, with the offset valid then, truncated to whole minutes as Go prints it. */
    public static OffsetDateTime at(Instant instant, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        return instant.atOffset(offset);
    }

    /** The instant in the JVM's default zone (the process's {@code TZ}), as restic renders file and snapshot times. */
    public static OffsetDateTime local(Instant instant) {
        return at(instant, ZoneId.systemDefault());
    }

    public static String format(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(35);
        int year = t.getYear();
        if (year < 0 || year > 9999) throw new IllegalArgumentException("year outside [0,9999]: " + t);
        pad(sb, year, 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') end--;
            sb.append('.').append(frac, 0, end);
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            sb.append('Z');
        } else {
            int minutes = offset / 60; // truncation toward zero, as Go drops the seconds of an offset
            sb.append(offset < 0 ? '-' : '+');
            int abs = Math.abs(minutes);
            pad(sb, abs / 60, 2).append(':');
            pad(sb, abs % 60, 2);
        }
        return sb.toString();
    }

    /** Parses RFC 3339 with 0–9 fraction digits and {@code Z} or {@code ±HH:MM}, keeping the offset. */
    public static OffsetDateTime parse(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid time \"" + text + "\"", e);
        }
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) sb.append('0');
        return sb.append(s);
    }
}

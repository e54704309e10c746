package io.jrestic.json;

import java.nio.charset.StandardCharsets;
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
        // Written into a byte array, not a StringBuilder: every node of every tree has three times, and the
        // builder's appends made this one of the largest methods the JIT compiled during a backup.
        int year = t.getYear();
        if (year < 0 || year > 9999) throw new IllegalArgumentException("year outside [0,9999]: " + t);
        byte[] b = new byte[MAX_FORMATTED_LENGTH];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, t.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, t.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, t.getHour(), 2);
        b[13] = ':';
        digits(b, 14, t.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, t.getSecond(), 2);
        int n = 19;
        int nanos = t.getNano();
        if (nanos != 0) {
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            b[n++] = '.';
            digits(b, n, nanos, width);
            n += width;
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            b[n++] = 'Z';
        } else {
            int minutes = Math.abs(offset / 60); // truncation toward zero, as Go drops the seconds of an offset
            b[n++] = (byte) (offset < 0 ? '-' : '+');
            digits(b, n, minutes / 60, 2);
            b[n + 2] = ':';
            digits(b, n + 3, minutes % 60, 2);
            n += 5;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** "2006-01-02T15:04:05.999999999-07:00": the longest text {@link #format} writes. */
    private static final int MAX_FORMATTED_LENGTH = 35;

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded. */
    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Parses RFC 3339 with 0–9 fraction digits and {@code Z} or {@code ±HH:MM}, keeping the offset. */
    public static OffsetDateTime parse(String text) {
        // Trees hold three times per node, and an incremental backup decodes every parent tree: the exact form
        // that restic writes is parsed by hand (the JDK's formatter took about a sixth of such a run); anything
        // else, and any out-of-range field, goes to the JDK's parser.
        OffsetDateTime fast = parseCanonical(text);
        if (fast != null) return fast;
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid time \"" + text + "\"", e);
        }
    }

    /** {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)}, or null if {@code text} has another shape or range. */
    private static OffsetDateTime parseCanonical(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return null;
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int count = i - start;
            if (count == 0) return null;
            nanos = digits(s, start, count);
            for (int k = count; k < 9; k++) nanos *= 10;
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) return null;
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (java.time.DateTimeException e) {
            return null; // the JDK's parser reports it
        }
    }

    /** The decimal value of {@code s[from, from+count)}, or -1 if any of it is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

}

package io.jrestic.cli.output;

import io.jrestic.id.Id;
import io.jrestic.snapshot.Snapshot;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Go's default text forms restic prints with {@code %v}/{@code %s}: times, durations, snapshots. */
public final class GoText {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter NUMERIC_OFFSET = DateTimeFormatter.ofPattern("xx");

    private GoText() {
    }

    /**
     * Go's {@code time.Time.String()} of a time restic parsed from JSON: {@code 2006-01-02 15:04:05.999999999 -0700 MST}.
     * The zone name is the local zone's abbreviation when the offset is the local one at that instant, "UTC" for
     * offset zero, and the numeric offset otherwise (Go's unnamed fixed zone).
     */
    public static String time(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(DATE_TIME.format(t));
        if (t.getNano() != 0) {
            String frac = String.format("%09d", t.getNano());
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') end--;
            sb.append('.').append(frac, 0, end);
        }
        String offset = NUMERIC_OFFSET.format(t);
        sb.append(' ').append(offset).append(' ');
        ZoneId local = ZoneId.systemDefault();
        if (t.getOffset().getTotalSeconds() == 0) {
            sb.append("UTC");
        } else if (local.getRules().getOffset(t.toInstant()).equals(t.getOffset())) {
            ZonedDateTime z = t.atZoneSameInstant(local);
            sb.append(DateTimeFormatter.ofPattern("zzz", Locale.ROOT).format(z));
        } else {
            sb.append(offset);
        }
        return sb.toString();
    }

    /** restic's {@code Snapshot.String()}: {@code <Snapshot 1c195331 of [/a /b] at <time> by user@host>}. */
    public static String snapshot(Id id, Snapshot s) {
        return "<Snapshot " + id.toShortString() + " of [" + String.join(" ", s.paths()) + "] at " + time(s.time())
                + " by " + s.username() + "@" + s.hostname() + ">";
    }

    /** Go's {@code Duration.String()} of a duration rounded to milliseconds, e.g. "0s", "12ms", "1.5s", "2m3.004s". */
    public static String durationMillis(Duration d) {
        long ms = Math.round(d.toNanos() / 1e6);
        if (ms == 0) return "0s";
        if (ms < 1000) return ms + "ms";
        StringBuilder sb = new StringBuilder();
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        long millis = ms % 60_000;
        if (hours > 0) sb.append(hours).append('h');
        if (hours > 0 || minutes > 0) sb.append(minutes).append('m');
        sb.append(millis / 1000);
        long frac = millis % 1000;
        if (frac != 0) {
            String f = String.format("%03d", frac);
            int end = f.length();
            while (f.charAt(end - 1) == '0') end--;
            sb.append('.').append(f, 0, end);
        }
        return sb.append('s').toString();
    }

}

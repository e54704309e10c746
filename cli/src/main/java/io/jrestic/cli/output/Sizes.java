package io.jrestic.cli.output;

import java.util.Locale;

/** Sizes as restic reads and prints them: suffixes k/m/g/t (powers of 1024), "3.016 MiB". */
public final class Sizes {
    private Sizes() {
    }

    /** Parses "100", "10k", "5M", "2g", "1t" (case-insensitive; powers of 1024). */
    public static long parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) throw new IllegalArgumentException("invalid size \"\"");
        long multiplier = switch (Character.toLowerCase(s.charAt(s.length() - 1))) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            case 'b' -> 1;
            default -> 0;
        };
        String digits = multiplier == 0 ? s : s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(digits.strip()) * (multiplier == 0 ? 1 : multiplier);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size \"" + text + "\"");
        }
    }

    /** restic's human form: bytes below 1 KiB, otherwise three decimals of the largest unit. */
    public static String format(long bytes) {
        double b = bytes;
        if (bytes >= 1L << 40) return String.format(Locale.ROOT, "%.3f TiB", b / (1L << 40));
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.3f GiB", b / (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.3f MiB", b / (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.3f KiB", b / (1L << 10));
        return bytes + " B";
    }

    /** "0:03", "1:02:03": restic's elapsed-time form. */
    public static String duration(double seconds) {
        long s = (long) seconds;
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}

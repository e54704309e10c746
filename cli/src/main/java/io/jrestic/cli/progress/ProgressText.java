package io.jrestic.cli.progress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** restic 0.14's progress texts: its byte sizes, durations, percentages and status lines. */
public final class ProgressText {
    private ProgressText() {
    }

    /**
     * restic's progress size: three decimals of the largest unit the value exceeds ("1.500 KiB"), bytes otherwise.
     * Exactly 1024 is still "1024 B": restic's progress compares with {@code >}.
     */
    public static String bytes(long c) {
        double b = c;
        if (c > 1L << 40) return String.format(Locale.ROOT, "%.3f TiB", b / (1L << 40));
        if (c > 1L << 30) return String.format(Locale.ROOT, "%.3f GiB", b / (1L << 30));
        if (c > 1L << 20) return String.format(Locale.ROOT, "%.3f MiB", b / (1L << 20));
        if (c > 1L << 10) return String.format(Locale.ROOT, "%.3f KiB", b / (1L << 10));
        return c + " B";
    }

    /** "0:05", "12:34", "1:02:03". */
    public static String seconds(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** "45.00%", capped at 100; empty without a total. */
    public static String percent(long value, long total) {
        if (total == 0) return "";
        return String.format(Locale.ROOT, "%3.2f%%", Math.min(100.0, 100.0 * value / total));
    }

    /** A throughput: "12.345 MiB/s". */
    public static String rate(long bytes, double seconds) {
        return bytes(seconds <= 0 ? 0 : (long) (bytes / seconds)) + "/s";
    }

    /** restic's counter line: "[0:02] 45.00%  9 / 20 packs", or "[0:02]          9 packs" without a maximum. */
    public static String counter(long elapsedSeconds, long value, long max, String description) {
        if (max == 0) return "[" + seconds(elapsedSeconds) + "]          " + value + " " + description;
        return "[" + seconds(elapsedSeconds) + "] " + percent(value, max) + "  " + value + " / " + max + " " + description;
    }

    /**
     * restic's backup status: the summary line, then the files being read, sorted. Before the scanner has counted
     * anything: "[0:01] 3 files, 1.000 MiB, 0 errors"; then with totals, and a percentage and ETA once the scan is
     * complete: "[0:05] 12.34%  1234 files 1.234 GiB, total 5000 files 10.000 GiB, 0 errors ETA 0:30".
     *
     * @param etaSeconds 0 while unknown
     */
    public static List<String> backup(long elapsedSeconds, long files, long bytes, long totalFiles, long totalBytes,
                                      long errors, long etaSeconds, Collection<String> currentFiles) {
        String status;
        if (totalFiles == 0) {
            status = "[" + seconds(elapsedSeconds) + "] " + files + " files, " + bytes(bytes) + ", " + errors + " errors";
        } else {
            boolean eta = etaSeconds > 0 && bytes < totalBytes;
            status = "[" + seconds(elapsedSeconds) + "] " + (eta ? percent(bytes, totalBytes) + "  " : "")
                    + files + " files " + bytes(bytes) + ", total " + totalFiles + " files " + bytes(totalBytes)
                    + ", " + errors + " errors" + (eta ? " ETA " + seconds(etaSeconds) : "");
        }
        List<String> lines = new ArrayList<>(currentFiles.size() + 1);
        lines.add(status);
        currentFiles.stream().sorted().forEach(lines::add);
        return lines;
    }

    /**
     * The restore status. restic 0.14 shows none; this is the line later restic versions show:
     * "[0:05] 45.00%  12 files 1.234 GiB, total 40 files 2.742 GiB".
     */
    public static String restore(long elapsedSeconds, long files, long bytes, long totalFiles, long totalBytes) {
        return "[" + seconds(elapsedSeconds) + "] " + percent(bytes, totalBytes) + "  " + files + " files " + bytes(bytes)
                + ", total " + totalFiles + " files " + bytes(totalBytes);
    }

    /**
     * {@code line} cut to at most {@code cells} terminal cells (restic's Truncate). A character outside ASCII counts
     * as two cells: restic counts every ambiguous or wide one as two, and a line that wraps would break the in-place
     * redraw, so erring on the short side is the safe choice.
     */
    public static String truncate(String line, int cells) {
        if (cells < 0) return "";
        if (line.length() < cells && line.chars().allMatch(c -> c < 0x80)) return line;
        int left = cells;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            left -= cp < 0x80 ? 1 : 2;
            if (left < 0) return line.substring(0, i);
            i += Character.charCount(cp);
        }
        return line;
    }
}

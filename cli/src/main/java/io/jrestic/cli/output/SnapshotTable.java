package io.jrestic.cli.output;

import io.jrestic.cli.Printer;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** restic's snapshot table: ID, Time, Host, Tags, Paths; one path per line. */
public final class SnapshotTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SnapshotTable() {
    }

    public static void print(Printer p, List<IdentifiedSnapshot> snapshots, boolean compact) {
        List<String[]> rows = new ArrayList<>();
        String[] header = compact ? new String[] {"ID", "Time", "Host", "Tags"} : new String[] {"ID", "Time", "Host", "Tags", "Paths"};
        for (IdentifiedSnapshot s : snapshots) {
            List<String> paths = s.snapshot().paths();
            String time = s.snapshot().time().atZoneSameInstant(ZoneId.systemDefault()).format(TIME);
            String tags = String.join(",", s.snapshot().tags());
            int lines = compact ? 1 : Math.max(1, paths.size());
            for (int i = 0; i < lines; i++) {
                String path = paths.isEmpty() ? "" : paths.get(i);
                rows.add(compact
                        ? new String[] {s.id().toShortString(), time, s.snapshot().hostname(), tags}
                        : i == 0 ? new String[] {s.id().toShortString(), time, s.snapshot().hostname(), tags, path}
                        : new String[] {"", "", "", "", path});
            }
        }
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) width[c] = header[c].length();
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        String headerLine = line(header, width);
        String rule = "-".repeat(Math.max(headerLine.length(), 1));
        p.result(headerLine);
        p.result(rule);
        for (String[] r : rows) p.result(line(r, width));
        p.result(rule);
        p.result(snapshots.size() + " snapshots");
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) sb.append("  ");
            sb.append(cells[c]);
            if (c < cells.length - 1) sb.append(" ".repeat(width[c] - cells[c].length()));
        }
        return sb.toString().stripTrailing();
    }
}

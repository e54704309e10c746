package io.jrestic.cli.output;

import io.jrestic.cli.Printer;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import io.jrestic.id.Id;
import io.jrestic.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** restic 0.14's snapshot table, shared by {@code snapshots} and {@code forget}. */
public final class SnapshotTable {
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SnapshotTable() {
    }

    /**
     * restic 0.14's snapshot table with an optional Reasons column: oldest first, one path (and reason) per line; the
     * compact form has ID, Time, Host and Tags (one tag per line). Trailing blanks are trimmed.
     */
    public static void print(Printer p, List<IdentifiedSnapshot> newestFirst, Map<Id, List<String>> reasons, boolean compact) {
        List<IdentifiedSnapshot> list = new ArrayList<>(newestFirst);
        list.sort(Comparator.comparing(s -> s.snapshot().time().toInstant())); // stable: ties stay as given
        List<String> header = new ArrayList<>(List.of("ID", "Time"));
        if (compact) {
            header.addAll(List.of("Host", "Tags  "));
        } else {
            header.addAll(List.of("Host      ", "Tags      "));
            if (reasons != null) header.add("Reasons");
            header.add("Paths");
        }
        List<List<List<String>>> rows = new ArrayList<>();
        for (IdentifiedSnapshot s : list) {
            Snapshot sn = s.snapshot();
            List<List<String>> cells = new ArrayList<>();
            cells.add(List.of(s.id().toShortString()));
            cells.add(List.of(sn.time().atZoneSameInstant(ZoneId.systemDefault()).format(TABLE_TIME)));
            cells.add(List.of(sn.hostname()));
            if (compact) {
                cells.add(sn.tags());
            } else {
                cells.add(List.of(String.join(",", sn.tags())));
                if (reasons != null) cells.add(reasons.getOrDefault(s.id(), List.of()));
                cells.add(sn.paths());
            }
            rows.add(cells);
        }
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) width[c] = header.get(c).length();
        for (List<List<String>> row : rows) {
            for (int c = 0; c < width.length; c++) for (String line : row.get(c)) width[c] = Math.max(width[c], line.length());
        }
        int total = 2 * (width.length - 1);
        for (int w : width) total += w;
        String rule = "-".repeat(total);
        p.result(line(header.stream().map(List::of).toList(), 0, width));
        p.result(rule);
        // as restic: when some snapshot has several paths, an empty line separates the rows
        boolean separate = !compact && list.stream().anyMatch(s -> s.snapshot().paths().size() > 1);
        for (int r = 0; r < rows.size(); r++) {
            List<List<String>> row = rows.get(r);
            if (separate && r > 0) p.result("");
            int lines = 1;
            for (List<String> cell : row) lines = Math.max(lines, cell.size());
            for (int i = 0; i < lines; i++) p.result(line(row, i, width));
        }
        p.result(rule);
        p.result(list.size() + " snapshots");
    }

    private static String line(List<List<String>> cells, int lineNo, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) sb.append("  ");
            String text = lineNo < cells.get(c).size() ? cells.get(c).get(lineNo) : "";
            sb.append(text).append(" ".repeat(width[c] - text.length()));
        }
        return sb.toString().stripTrailing();
    }

}

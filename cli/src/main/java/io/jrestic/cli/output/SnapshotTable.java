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
        Table table = new Table(header);
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
            table.addLines(cells);
        }
        // as restic: when some snapshot has several paths, an empty line separates the rows
        boolean separate = !compact && list.stream().anyMatch(s -> s.snapshot().paths().size() > 1);
        table.lines(separate).forEach(p::result);
        p.result(list.size() + " snapshots");
    }

}

package io.jrestic.cli.command;

import io.jrestic.backend.FileType;
import io.jrestic.cli.Printer;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdPrefix;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.SnapshotFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * restic 0.14's {@code FindFilteredSnapshots}, shared by snapshots, ls, tag, copy, stats and find: snapshots named on the command
 * line (ID prefixes or "latest"; the filter then only chooses "latest"), each once, in the order given, with a
 * warning for each name that does not resolve; or, without names, every snapshot the filter selects, oldest first
 * (restic's order there is whatever its parallel loading gives).
 */
final class SnapshotSelection {
    private SnapshotSelection() {
    }

    static List<IdentifiedSnapshot> select(Repository repo, SnapshotFilter filter, List<String> names, Printer p)
            throws IOException {
        if (names.isEmpty()) return filter.select(Snapshots.loadAll(repo));
        List<Id> all = repo.list(FileType.SNAPSHOT);
        Set<Id> ids = new LinkedHashSet<>();
        boolean usedFilter = false;
        List<IdentifiedSnapshot> loaded = null;
        for (String name : names) {
            if (name.equals("latest")) {
                usedFilter = true;
                if (loaded == null) loaded = Snapshots.loadAll(repo);
                var latest = filter.latest(loaded);
                if (latest.isEmpty()) {
                    p.warn("Ignoring \"latest\", no snapshot matched given filter (Paths:" + goList(filter.paths())
                            + " Tags:" + goList(filter.tagLists().stream().map(l -> "[" + String.join(", ", l) + "]").toList())
                            + " Hosts:" + goList(filter.hosts()) + ")");
                    continue;
                }
                ids.add(latest.get().id());
            } else {
                try {
                    ids.add(IdPrefix.resolve(name, all));
                } catch (IdPrefix.IdPrefixException e) {
                    p.warn("Ignoring \"" + name + "\": " + e.getMessage());
                }
            }
        }
        if (!usedFilter && !(filter.hosts().isEmpty() && filter.tagLists().isEmpty() && filter.paths().isEmpty())) {
            p.warn("Ignoring filters as there are explicit snapshot ids given");
        }
        List<IdentifiedSnapshot> out = new ArrayList<>();
        for (Id id : ids) {
            try {
                out.add(new IdentifiedSnapshot(id, Snapshots.load(repo, id)));
            } catch (IOException e) {
                p.warn("Ignoring \"" + id + "\", could not load snapshot: " + e.getMessage());
            }
        }
        return out;
    }

    /** Go's {@code %v} of a slice: {@code [a b]} (a TagList prints itself as {@code [a, b]}). */
    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }
}

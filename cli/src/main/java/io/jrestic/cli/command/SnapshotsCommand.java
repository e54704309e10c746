package io.jrestic.cli.command;

import io.jrestic.cli.ExitCode;
import io.jrestic.cli.output.SnapshotTable;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.SnapshotCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snapshots}: lists snapshots as restic's table or JSON array. */
@Command(name = "snapshots", description = "List all snapshots")
public final class SnapshotsCommand extends RepositoryCommand {
    @Mixin
    SnapshotFilterOptions filter;

    @Option(names = "--latest", paramLabel = "n", description = "only show the last n snapshots for each host and path")
    int latest;

    @Option(names = {"-g", "--group-by"}, paramLabel = "group", defaultValue = "",
            description = "group snapshots by host, paths and/or tags, separated by comma")
    String groupBy;

    @Option(names = {"-c", "--compact"}, description = "use compact output format")
    boolean compact;

    @Parameters(paramLabel = "snapshotID", arity = "0..*")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().lock(repo, false)) {
            List<IdentifiedSnapshot> all = new ArrayList<>();
            if (ids.isEmpty()) {
                all.addAll(filter.filter().select(Snapshots.loadAll(repo)));
            } else {
                for (String id : ids) all.add(Snapshots.find(repo, id, filter.filter()));
                all.sort(IdentifiedSnapshot.BY_TIME);
            }
            Map<SnapshotGroups.Key, List<IdentifiedSnapshot>> groups = SnapshotGroups.group(all, groupBy);
            if (latest > 0) {
                Map<SnapshotGroups.Key, List<IdentifiedSnapshot>> trimmed = new LinkedHashMap<>();
                // restic's --latest keeps the newest n per host and path set, within each group
                for (var e : groups.entrySet()) {
                    Map<SnapshotGroups.Key, List<IdentifiedSnapshot>> byHostPath = SnapshotGroups.group(e.getValue(), "host,paths");
                    List<IdentifiedSnapshot> kept = new ArrayList<>();
                    for (List<IdentifiedSnapshot> l : byHostPath.values()) kept.addAll(l.subList(Math.max(0, l.size() - latest), l.size()));
                    kept.sort(IdentifiedSnapshot.BY_TIME);
                    trimmed.put(e.getKey(), kept);
                }
                groups = trimmed;
            }
            if (printer().json()) {
                JsonWriter w = new JsonWriter().beginArray();
                boolean grouped = !groupBy.isEmpty();
                for (var e : groups.entrySet()) {
                    if (grouped) {
                        w.beginObject().name("group_key");
                        e.getKey().write(w);
                        w.name("snapshots").beginArray();
                    }
                    for (IdentifiedSnapshot s : e.getValue()) SnapshotCodec.writeForListing(w, s.id(), s.snapshot());
                    if (grouped) w.endArray().endObject();
                }
                printer().jsonLine(w.endArray().toByteArray());
            } else {
                for (var e : groups.entrySet()) {
                    if (!groupBy.isEmpty()) printer().result(e.getKey().describe());
                    SnapshotTable.print(printer(), e.getValue(), compact);
                }
            }
        }
        return ExitCode.OK;
    }
}

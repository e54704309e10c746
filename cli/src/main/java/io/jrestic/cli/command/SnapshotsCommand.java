package io.jrestic.cli.command;

import io.jrestic.cli.ExitCode;
import io.jrestic.cli.output.SnapshotTable;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.GroupBy;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.SnapshotGroup;
import io.jrestic.snapshot.SnapshotCodec;
import java.util.ArrayList;
import java.util.List;
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

    /** restic's --last, deprecated in 0.14 and still accepted: --latest 1. */
    @Option(names = "--last", hidden = true)
    boolean last;

    @Option(names = {"-g", "--group-by"}, paramLabel = "group", defaultValue = "",
            description = "group snapshots by host, paths and/or tags, separated by comma")
    String groupBy;

    @Option(names = {"-c", "--compact"}, description = "use compact output format")
    boolean compact;

    @Parameters(paramLabel = "snapshotID", arity = "0..*")
    List<String> ids = new ArrayList<>();

    /** restic's --latest n: the newest n snapshots per host and path set, within each group. */
    private List<SnapshotGroup> newestPerHostAndPaths(List<SnapshotGroup> groups) {
        List<SnapshotGroup> out = new ArrayList<>();
        for (SnapshotGroup g : groups) {
            List<IdentifiedSnapshot> kept = new ArrayList<>();
            for (SnapshotGroup hp : GroupBy.HOST_AND_PATHS.group(g.snapshots())) {
                List<IdentifiedSnapshot> l = hp.snapshots();
                kept.addAll(l.subList(Math.max(0, l.size() - latest), l.size()));
            }
            kept.sort(IdentifiedSnapshot.BY_TIME);
            out.add(new SnapshotGroup(g.key(), kept));
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        if (last) {
            DeprecatedFlags.warn(printer(), "last", "use --latest 1");
            latest = 1;
        }
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().beginLock(repo, false)) {
            List<IdentifiedSnapshot> all = new ArrayList<>(SnapshotSelection.select(repo, filter.filter(), ids, printer()));
            all.sort(IdentifiedSnapshot.BY_TIME);
            GroupBy grouping;
            try {
                grouping = GroupBy.parse(groupBy);
            } catch (IllegalArgumentException e) {
                throw new io.jrestic.cli.CliException(e.getMessage());
            }
            List<SnapshotGroup> groups = grouping.group(all); // also sorts each snapshot's paths, as restic prints them
            if (latest > 0) groups = newestPerHostAndPaths(groups);
            if (lock != null) lock.confirm(); // the lock's settle wait ran while the snapshots were read
            if (printer().json()) {
                JsonWriter w = new JsonWriter().beginArray();
                for (SnapshotGroup g : groups) {
                    if (!grouping.groupsNothing()) w.beginObject().name("group_key").rawValue(g.key().toJson()).name("snapshots").beginArray();
                    for (IdentifiedSnapshot s : g.snapshots()) SnapshotCodec.writeForListing(w, s.id(), s.snapshot());
                    if (!grouping.groupsNothing()) w.endArray().endObject();
                }
                printer().jsonLine(w.endArray().toByteArray());
            } else {
                for (SnapshotGroup g : groups) {
                    if (!grouping.groupsNothing()) printer().result("snapshots for (" + g.key().describe() + "):");
                    SnapshotTable.print(printer(), g.snapshots(), null, compact);
                }
            }
        }
        return ExitCode.OK;
    }
}

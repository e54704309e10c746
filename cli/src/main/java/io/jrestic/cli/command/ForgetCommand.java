package io.jrestic.cli.command;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.output.SnapshotTable;
import io.jrestic.cli.progress.ProgressCounter;
import io.jrestic.forget.Bucket;
import io.jrestic.snapshot.GroupBy;
import io.jrestic.snapshot.GroupKey;
import io.jrestic.forget.KeepReason;
import io.jrestic.forget.Retention;
import io.jrestic.forget.RetentionDuration;
import io.jrestic.forget.RetentionPolicy;
import io.jrestic.forget.RetentionResult;
import io.jrestic.forget.RetentionRules;
import io.jrestic.snapshot.SnapshotGroup;
import io.jrestic.forget.SplitGroups;
import io.jrestic.id.Id;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.snapshot.SnapshotFilter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code forget}: removes snapshots named by ID, or those a retention policy does not keep (restic-format §17), as
 * restic 0.14 does; {@code --latest-rules} switches to latest restic's rules. Beyond restic it refuses to remove
 * every snapshot of a group without {@code --force}, and warns when a policy keeps everything only because the host
 * or the paths changed between backups.
 */
@Command(name = "forget", description = "Remove snapshots from the repository")
public final class ForgetCommand extends RepositoryCommand {
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = {"-l", "--keep-last"}, paramLabel = "n", description = "keep the last n snapshots")
    String keepLast;
    @Option(names = {"-H", "--keep-hourly"}, paramLabel = "n", description = "keep the last n hourly snapshots")
    String keepHourly;
    @Option(names = {"-d", "--keep-daily"}, paramLabel = "n", description = "keep the last n daily snapshots")
    String keepDaily;
    @Option(names = {"-w", "--keep-weekly"}, paramLabel = "n", description = "keep the last n weekly snapshots")
    String keepWeekly;
    @Option(names = {"-m", "--keep-monthly"}, paramLabel = "n", description = "keep the last n monthly snapshots")
    String keepMonthly;
    @Option(names = {"-y", "--keep-yearly"}, paramLabel = "n", description = "keep the last n yearly snapshots")
    String keepYearly;

    @Option(names = "--keep-within", paramLabel = "duration",
            description = "keep snapshots that are newer than duration (eg. 1y5m7d2h) relative to the latest snapshot")
    String keepWithin;
    @Option(names = "--keep-within-hourly", paramLabel = "duration",
            description = "keep hourly snapshots that are newer than duration (eg. 1y5m7d2h) relative to the latest snapshot")
    String keepWithinHourly;
    @Option(names = "--keep-within-daily", paramLabel = "duration",
            description = "keep daily snapshots that are newer than duration (eg. 1y5m7d2h) relative to the latest snapshot")
    String keepWithinDaily;
    @Option(names = "--keep-within-weekly", paramLabel = "duration",
            description = "keep weekly snapshots that are newer than duration (eg. 1y5m7d2h) relative to the latest snapshot")
    String keepWithinWeekly;
    @Option(names = "--keep-within-monthly", paramLabel = "duration",
            description = "keep monthly snapshots that are newer than duration (eg. 1y5m7d2h) relative to the latest snapshot")
    String keepWithinMonthly;
    @Option(names = "--keep-within-yearly", paramLabel = "duration",
            description = "keep yearly snapshots that are newer than duration (eg. 1y5m7d2h) relative to the latest snapshot")
    String keepWithinYearly;

    @Option(names = "--keep-tag", paramLabel = "taglist", description = "keep snapshots with this taglist (can be specified multiple times)")
    List<String> keepTags = new ArrayList<>();

    // forget's filter flags: like SnapshotFilterOptions, but --host has no -H here (that is --keep-hourly)
    @Option(names = "--host", paramLabel = "host", description = "only consider snapshots with the given host (can be specified multiple times)")
    List<String> hosts = new ArrayList<>();

    /** restic 0.13's name of --host, deprecated in 0.14 and still accepted. */
    @Option(names = "--hostname", hidden = true)
    List<String> legacyHostnames = new ArrayList<>();
    @Option(names = "--tag", paramLabel = "taglist",
            description = "only consider snapshots which include this taglist in the format `tag[,tag,...]` (can be specified multiple times)")
    List<String> tags = new ArrayList<>();
    @Option(names = "--path", paramLabel = "path", description = "only consider snapshots which include this (absolute) path (can be specified multiple times)")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-c", "--compact"}, description = "use compact output format")
    boolean compact;

    @Option(names = {"-g", "--group-by"}, paramLabel = "group", defaultValue = "host,paths",
            description = "group snapshots by host, paths and/or tags, separated by comma (disable grouping with '') (default \"host,paths\")")
    String groupBy;

    @Option(names = {"-n", "--dry-run"}, description = "do not delete anything, just print what would be done")
    boolean dryRun;

    @Option(names = "--prune", description = "automatically run the 'prune' command if snapshots have been removed")
    boolean prune;
    @Option(names = "--max-unused", paramLabel = "limit", description = "tolerate given limit of unused data, passed to prune (default \"5%%\")")
    String maxUnused;
    @Option(names = "--max-repack-size", paramLabel = "size", description = "maximum size to repack, passed to prune")
    String maxRepackSize;
    @Option(names = "--repack-cacheable-only", description = "only repack packs which are cacheable, passed to prune")
    boolean repackCacheableOnly;
    @Option(names = "--repack-small", description = "repack pack files below 80%% of target pack size, passed to prune")
    boolean repackSmall;
    @Option(names = "--repack-uncompressed", description = "repack all uncompressed data, passed to prune")
    boolean repackUncompressed;

    @Option(names = "--force", description = "remove every snapshot of a group if the policy says so (jrestic refuses by default)")
    boolean force;

    @Option(names = "--latest-rules",
            description = "apply latest restic's rules instead of 0.14's: 'unlimited' (-1) counts, keeping the oldest snapshot "
                    + "while counts are left, an error for an empty policy, and reasons in latest restic's JSON shape")
    boolean latestRules;

    @Parameters(paramLabel = "snapshotID", arity = "0..*")
    List<String> snapshotIds = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!legacyHostnames.isEmpty()) {
            DeprecatedFlags.warn(printer(), "hostname", "use --host");
            // restic binds both to one list that the later flag replaces: which snapshots a forget considers would
            // depend on the flags' order, so both together are refused
            if (!hosts.isEmpty()) throw new CliException("--host and --hostname select the same hosts, give only one");
            hosts.addAll(legacyHostnames);
        }
        RetentionRules rules = latestRules ? RetentionRules.RESTIC_LATEST : RetentionRules.RESTIC_0_14;
        RetentionPolicy policy = policy(rules);
        GroupBy grouping;
        try {
            grouping = GroupBy.parse(groupBy);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        io.jrestic.prune.PruneOptions pruneOptions = prune ? PruneCommand.options(maxUnused == null ? "5%" : maxUnused,
                maxRepackSize, repackCacheableOnly, repackSmall, null, repackUncompressed) : null;
        Printer p = printer();
        boolean json = p.json();
        boolean tables = !json && !p.quiet();

        try (Repository repo = global().openRepository();
             // restic takes an exclusive lock even for a dry run; only --dry-run together with --no-lock takes none
             RepositoryLock lock = dryRun && global().noLock() ? null : RepositoryLock.acquire(repo, true)) {
            SnapshotFilter filter = filter();
            TreeSet<Id> toRemove = new TreeSet<>();
            List<byte[]> jsonGroups = new ArrayList<>();

            if (!snapshotIds.isEmpty()) {
                for (String name : snapshotIds) {
                    try {
                        toRemove.add(Snapshots.find(repo, name, filter).id());
                    } catch (NoSuchFileException e) {
                        p.warn("Ignoring \"" + name + "\": " + (e.getReason() != null ? e.getReason() : e.getMessage()));
                    }
                }
            } else if (policy.isEmpty()) {
                if (rules == RetentionRules.RESTIC_LATEST) throw new CliException("no policy was specified, no snapshots will be removed");
                if (!json) p.info("no policy was specified, no snapshots will be removed");
            } else {
                if (!json) p.info("Applying Policy: " + policy.describe());
                List<IdentifiedSnapshot> selected = filter.select(Snapshots.loadAll(repo));
                Instant now = Instant.now();
                ZoneId zone = ZoneId.systemDefault();
                Map<SnapshotGroup, RetentionResult> results = new LinkedHashMap<>();
                for (SnapshotGroup g : grouping.group(selected)) {
                    results.put(g, Retention.apply(g.snapshots(), policy, now, rules, zone));
                }
                refuseRemovingWholeGroups(results);
                for (var e : results.entrySet()) {
                    GroupKey key = e.getKey().key();
                    RetentionResult r = e.getValue();
                    if (tables) printGroup(p, key, r);
                    jsonGroups.add(groupJson(key, r, rules));
                    for (IdentifiedSnapshot s : r.remove()) toRemove.add(s.id());
                }
                warnAboutSplitGroups(p, selected, grouping, policy, now, rules, zone);
            }

            if (!toRemove.isEmpty()) {
                if (dryRun) {
                    if (!json) {
                        p.result("Would have removed the following snapshots:");
                        p.result("{" + String.join(" ", toRemove.stream().map(Id::toShortString).toList()) + "}");
                        p.result("");
                    }
                } else {
                    remove(repo, lock, toRemove);
                }
            }
            if (json && !jsonGroups.isEmpty()) {
                JsonWriter w = new JsonWriter().beginArray();
                for (byte[] g : jsonGroups) w.rawValue(g);
                p.jsonLine(w.endArray().toByteArray());
            }
            if (prune && !toRemove.isEmpty()) {
                // as restic: prune right away, under the same exclusive lock, when snapshots were removed
                if (!json) p.info(toRemove.size() + " snapshots have been removed, running prune");
                return PruneCommand.prune(repo, lock, pruneOptions, dryRun, p, null, global().env().get("RESTIC_PROGRESS_FPS"));
            }
        }
        return ExitCode.OK;
    }

    private SnapshotFilter filter() {
        List<List<String>> tagLists = new ArrayList<>();
        for (String t : tags) tagLists.add(SnapshotFilter.parseTagList(t));
        return new SnapshotFilter(hosts, tagLists, paths);
    }

    private RetentionPolicy policy(RetentionRules rules) {
        RetentionPolicy.Builder b = RetentionPolicy.builder()
                .last(count(keepLast, "-l, --keep-last", rules))
                .hourly(count(keepHourly, "-H, --keep-hourly", rules))
                .daily(count(keepDaily, "-d, --keep-daily", rules))
                .weekly(count(keepWeekly, "-w, --keep-weekly", rules))
                .monthly(count(keepMonthly, "-m, --keep-monthly", rules))
                .yearly(count(keepYearly, "-y, --keep-yearly", rules))
                .within(duration(keepWithin, "--keep-within", rules))
                .within(Bucket.HOURLY, duration(keepWithinHourly, "--keep-within-hourly", rules))
                .within(Bucket.DAILY, duration(keepWithinDaily, "--keep-within-daily", rules))
                .within(Bucket.WEEKLY, duration(keepWithinWeekly, "--keep-within-weekly", rules))
                .within(Bucket.MONTHLY, duration(keepWithinMonthly, "--keep-within-monthly", rules))
                .within(Bucket.YEARLY, duration(keepWithinYearly, "--keep-within-yearly", rules));
        for (String t : keepTags) b.keepTags(SnapshotFilter.parseTagList(t));
        return b.build();
    }

    /** A count flag: an integer; with latest rules also {@code unlimited} (= -1), and nothing below -1. */
    private static int count(String text, String flag, RetentionRules rules) {
        if (text == null) return 0;
        boolean latest = rules == RetentionRules.RESTIC_LATEST;
        if (latest && text.equals("unlimited")) return RetentionPolicy.UNLIMITED;
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new CliException("invalid argument \"" + text + "\" for \"" + flag + "\" flag: strconv.ParseInt: parsing \""
                    + text + "\": invalid syntax");
        }
        if (latest && n < RetentionPolicy.UNLIMITED) {
            throw new CliException("invalid argument \"" + text + "\" for \"" + flag + "\" flag: negative values other than -1 are not allowed");
        }
        return n;
    }

    private static RetentionDuration duration(String text, String flag, RetentionRules rules) {
        if (text == null) return RetentionDuration.ZERO;
        RetentionDuration d;
        try {
            d = RetentionDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid argument \"" + text + "\" for \"" + flag + "\" flag: " + e.getMessage());
        }
        if (rules == RetentionRules.RESTIC_LATEST && d.hasNegativePart()) {
            throw new CliException("invalid argument \"" + text + "\" for \"" + flag + "\" flag: negative values are not allowed");
        }
        return d;
    }

    /** Beyond restic 0.14 (and like latest restic): a policy must leave every group at least one snapshot. */
    private void refuseRemovingWholeGroups(Map<SnapshotGroup, RetentionResult> results) {
        if (force) return;
        List<GroupKey> emptied = new ArrayList<>();
        results.forEach((g, r) -> {
            if (r.keep().isEmpty() && !r.remove().isEmpty()) emptied.add(g.key());
        });
        if (emptied.isEmpty()) return;
        String more = emptied.size() == 1 ? "" : " (and " + (emptied.size() - 1) + " more groups)";
        throw new CliException("refusing to delete last snapshot of snapshot group \"" + emptied.getFirst().describe() + "\""
                + more + "; use --force to remove every snapshot of a group");
    }

    private void warnAboutSplitGroups(Printer p, List<IdentifiedSnapshot> selected, GroupBy grouping, RetentionPolicy policy,
                                      Instant now, RetentionRules rules, ZoneId zone) {
        if (p.quiet()) return;
        for (SplitGroups.Finding f : SplitGroups.find(selected, grouping, policy, now, rules, zone)) {
            List<String> keys = f.keys().stream().map(k -> "\"" + k.describe() + "\"").toList();
            p.warn("warning: the policy removes nothing from " + f.keys().size() + " groups that differ only in their " + f.component()
                    + " (" + String.join(", ", keys) + "), but would remove " + f.removedWhenMerged()
                    + " snapshots if they were one group; if the " + f.component() + " changed between backups, use --group-by "
                    + groupByText(f.merged()) + "");
        }
    }

    private static String groupByText(GroupBy g) {
        List<String> parts = new ArrayList<>();
        if (g.host()) parts.add("host");
        if (g.paths()) parts.add("paths");
        if (g.tags()) parts.add("tags");
        return parts.isEmpty() ? "''" : String.join(",", parts);
    }

    /**
     * Deletes the snapshot files under restic's "files deleted" counter: drawn in place on a terminal, only its final
     * line elsewhere, nothing with --json or --quiet.
     */
    private void remove(Repository repo, RepositoryLock lock, TreeSet<Id> ids) throws IOException {
        List<String> failures = new ArrayList<>();
        try (ProgressCounter bar = ProgressCounter.start(printer(), global().env().get("RESTIC_PROGRESS_FPS"), ids.size(),
                "files deleted")) {
            for (Id id : ids) {
                if (lock != null) lock.checkValid();
                try {
                    repo.backend().remove(FileHandle.of(FileType.SNAPSHOT, id));
                    bar.add(1);
                } catch (IOException e) {
                    failures.add(id.toShortString());
                    printer().warn("unable to remove snapshots/" + id + " from the repository: " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new CliException("failed to remove " + failures.size() + " of " + ids.size() + " snapshots: " + String.join(", ", failures));
        }
    }

    private void printGroup(Printer p, GroupKey key, RetentionResult r) {
        String describe = key.describe();
        if (p.verbosity() >= 2 && !describe.isEmpty()) p.result("snapshots for (" + describe + "):");
        if (!r.keep().isEmpty()) {
            p.result("keep " + r.keep().size() + " snapshots:");
            Map<Id, List<String>> reasons = new HashMap<>();
            for (KeepReason k : r.reasons()) reasons.put(k.snapshot().id(), k.matches());
            SnapshotTable.print(p, r.keep(), reasons, compact);
            p.result("");
        }
        if (!r.remove().isEmpty()) {
            p.result("remove " + r.remove().size() + " snapshots:");
            SnapshotTable.print(p, r.remove(), null, compact);
            p.result("");
        }
    }

    /**
     * One group of restic's {@code forget --json} (§19.3): {@code tags}, {@code host}, {@code paths}, then
     * {@code keep}, {@code remove} (null when empty) and {@code reasons}. restic 0.14 prints each reason's bare
     * snapshot and the remaining {@code counters}; latest restic the snapshot with its ID and no counters.
     */
    static byte[] groupJson(GroupKey key, RetentionResult r, RetentionRules rules) {
        boolean latest = rules == RetentionRules.RESTIC_LATEST;
        JsonWriter w = new JsonWriter().beginObject();
        GroupKey.strings(w.name("tags"), key.tags());
        w.name("host").value(key.host());
        GroupKey.strings(w.name("paths"), key.paths());
        snapshots(w.name("keep"), r.keep(), latest);
        snapshots(w.name("remove"), r.remove(), latest);
        w.name("reasons");
        if (r.reasons().isEmpty()) {
            w.nullValue();
        } else {
            w.beginArray();
            for (KeepReason k : r.reasons()) {
                w.beginObject().name("snapshot");
                Snapshot sn = asPrinted(k.snapshot().snapshot(), latest);
                if (latest) SnapshotCodec.writeForListing(w, k.snapshot().id(), sn);
                else SnapshotCodec.write(w, sn);
                w.name("matches").beginArray();
                for (String m : k.matches()) w.value(m);
                w.endArray();
                if (!latest) {
                    w.name("counters").beginObject();
                    k.counters().forEach((bucket, n) -> {
                        if (n != 0) w.name(bucket.counterName()).value(n);
                    });
                    w.endObject();
                }
                w.endObject();
            }
            w.endArray();
        }
        return w.endObject().toByteArray();
    }

    private static void snapshots(JsonWriter w, List<IdentifiedSnapshot> list, boolean latest) {
        if (list.isEmpty()) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (IdentifiedSnapshot s : list) SnapshotCodec.writeForListing(w, s.id(), asPrinted(s.snapshot(), latest));
        w.endArray();
    }

    /** restic 0.14 re-encodes snapshots with its own fields only: program_version and summary do not survive. */
    private static Snapshot asPrinted(Snapshot s, boolean latest) {
        if (latest || (s.programVersion().isEmpty() && s.summary() == null)) return s;
        return s.toBuilder().programVersion("").summary(null).build();
    }
}

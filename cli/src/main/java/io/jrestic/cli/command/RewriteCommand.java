package io.jrestic.cli.command;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.filter.PathFilter;
import io.jrestic.id.Id;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.repository.Snapshots;
import io.jrestic.rewrite.ExcludeRewrite;
import io.jrestic.rewrite.SnapshotReplacer;
import io.jrestic.snapshot.IdPrefix;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rewrite} (restic ≥ 0.15): new snapshots without the excluded paths. The new snapshot records the old one as
 * {@code original} and gets the tag {@code rewrite}, unless {@code --forget} removes the old one instead. A shared
 * lock without {@code --forget}, an exclusive one with it, none for {@code --dry-run}.
 */
@Command(name = "rewrite", description = "Rewrite snapshots to exclude unwanted files")
public final class RewriteCommand extends RepositoryCommand {
    /** The tag restic adds to rewritten snapshots. */
    static final String TAG = "rewrite";
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = {"-e", "--exclude"}, paramLabel = "pattern", description = "exclude a pattern (can be specified multiple times)")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--iexclude", paramLabel = "pattern", description = "same as --exclude pattern but ignores the casing of filenames")
    List<String> iexclude = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "file", description = "read exclude patterns from a file (can be specified multiple times)")
    List<String> excludeFile = new ArrayList<>();

    @Option(names = "--iexclude-file", paramLabel = "file", description = "same as --exclude-file but ignores casing of filenames in patterns")
    List<String> iexcludeFile = new ArrayList<>();

    @Option(names = {"-n", "--dry-run"}, description = "do not do anything, just print what would be done")
    boolean dryRun;

    @Option(names = "--forget", description = "remove original snapshots after creating new ones")
    boolean forget;

    @Mixin
    SnapshotFilterOptions filterOptions;

    @Parameters(paramLabel = "snapshotID", arity = "0..*")
    List<String> snapshotIds = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<String> ex = new ArrayList<>(exclude);
        List<String> iex = new ArrayList<>(iexclude);
        try {
            for (String f : excludeFile) ex.addAll(PathFilter.readPatternFile(Path.of(f), global().env().variables()));
            for (String f : iexcludeFile) iex.addAll(PathFilter.readPatternFile(Path.of(f), global().env().variables()));
        } catch (IOException e) {
            throw new CliException("failed to read exclude patterns: " + e.getMessage());
        }
        List<PathFilter> filters = new ArrayList<>();
        if (!ex.isEmpty()) filters.add(PathFilter.of(ex));
        if (!iex.isEmpty()) filters.add(PathFilter.caseInsensitive(iex));
        if (filters.isEmpty()) throw new CliException("Nothing to do: no excludes provided");

        Printer p = printer();
        try (Repository repo = global().openRepository()) {
            if (forget && !dryRun && !global().noLock()) p.info("create exclusive lock for repository");
            try (RepositoryLock lock = dryRun ? null : global().lock(repo, forget)) {
                List<IdentifiedSnapshot> selected = select(repo, snapshotIds, filterOptions.filter(), false, dryRun, p).snapshots();
                repo.loadIndex();
                ExcludeRewrite rewrite = new ExcludeRewrite(repo, filters, path -> p.verbose("excluding \"" + path + "\""));
                SnapshotReplacer replacer = new SnapshotReplacer(repo, dryRun, forget, TAG, p::info);
                int changed = 0;
                for (IdentifiedSnapshot s : selected) {
                    p.info("");
                    p.info(describe(s));
                    try {
                        if (replacer.replace(s, rewrite).changed()) changed++;
                    } catch (IOException e) {
                        throw new CliException("unable to rewrite snapshot ID \"" + s.id().toShortString() + "\": " + e.getMessage());
                    }
                }
                printCount(p, changed, dryRun);
            }
        }
        return ExitCode.OK;
    }

    /**
     * The snapshots named by ID prefix or "latest" (in the order given), or without names every snapshot the
     * filter matches (oldest first), as restic's FindAll. An unreadable snapshot file is fatal, except that with
     * {@code removeUnreadable} (repair snapshots --forget) one named explicitly is removed.
     */
    static Selection select(Repository repo, List<String> names, SnapshotFilter filter,
                                           boolean removeUnreadable, boolean dryRun, Printer p) throws IOException {
        List<Id> ids = repo.list(FileType.SNAPSHOT);
        Map<Id, Snapshot> readable = new LinkedHashMap<>();
        Map<Id, RepositoryCorruptException> unreadable = new LinkedHashMap<>();
        for (Id id : ids) {
            try {
                readable.put(id, Snapshots.load(repo, id));
            } catch (RepositoryCorruptException e) {
                unreadable.put(id, e);
            }
        }
        List<IdentifiedSnapshot> all = new ArrayList<>();
        readable.forEach((id, s) -> all.add(new IdentifiedSnapshot(id, s)));
        all.sort(IdentifiedSnapshot.BY_TIME);
        List<IdentifiedSnapshot> out = new ArrayList<>();
        int removed = 0;
        if (names.isEmpty()) {
            if (!unreadable.isEmpty()) throw unreadableError(unreadable.entrySet().iterator().next());
            return new Selection(filter.select(all), 0);
        }
        for (String name : names) {
            if (name.equals("latest")) {
                out.add(filter.latest(all).orElseThrow(() -> new CliException("no snapshot matched given filter (latest)")));
                continue;
            }
            Id id;
            try {
                id = IdPrefix.resolve(name, ids);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            RepositoryCorruptException damage = unreadable.get(id);
            if (damage == null) {
                out.add(new IdentifiedSnapshot(id, readable.get(id)));
            } else if (!removeUnreadable) {
                throw unreadableError(Map.entry(id, damage));
            } else if (dryRun) {
                p.info("would remove unreadable snapshot " + id);
                removed++;
            } else {
                repo.backend().remove(FileHandle.of(FileType.SNAPSHOT, id));
                p.info("removed unreadable snapshot " + id);
                removed++;
            }
        }
        return new Selection(out, removed);
    }

    /** The snapshots to work on, and how many unreadable snapshot files were removed (or would be). */
    record Selection(List<IdentifiedSnapshot> snapshots, int removedUnreadable) {
    }

    private static CliException unreadableError(Map.Entry<Id, RepositoryCorruptException> e) {
        return new CliException("snapshot file " + e.getKey() + " is unreadable, use `jrestic repair snapshots --forget "
                + e.getKey() + "` to remove it. Original error: " + e.getValue().getMessage());
    }

    /** restic's line for a snapshot being rewritten: {@code snapshot 1a2b3c4d of [/src] at 2024-… by user@host}. */
    static String describe(IdentifiedSnapshot s) {
        Snapshot sn = s.snapshot();
        return "snapshot " + s.id().toShortString() + " of [" + String.join(" ", sn.paths()) + "] at "
                + goTime(sn.time()) + " by " + sn.username() + "@" + sn.hostname();
    }

    /** Go's {@code time.Time.String()} for a time read from JSON (a fixed zone without a name). */
    static String goTime(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(GO_TIME.format(t));
        if (t.getNano() != 0) {
            String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            sb.append('.').append(nanos);
        }
        ZoneOffset o = t.getOffset();
        int secs = o.getTotalSeconds();
        String offset = String.format("%s%02d%02d", secs < 0 ? "-" : "+", Math.abs(secs) / 3600, Math.abs(secs) / 60 % 60);
        sb.append(' ').append(offset).append(' ').append(secs == 0 ? "UTC" : offset);
        return sb.toString();
    }

    static void printCount(Printer p, int changed, boolean dryRun) {
        p.info("");
        if (changed == 0) p.info(dryRun ? "no snapshots would be modified" : "no snapshots were modified");
        else p.info(dryRun ? "would modify " + changed + " snapshots" : "modified " + changed + " snapshots");
    }
}

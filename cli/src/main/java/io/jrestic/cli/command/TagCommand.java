package io.jrestic.cli.command;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.id.Id;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.snapshot.SnapshotFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tag}: changes snapshots' tags as restic 0.14 does. A changed snapshot is written as a new file whose
 * {@code original} names the first version (§11.1), then the old file is deleted, under an exclusive lock.
 * {@code --add} appends missing tags; {@code --remove} moves the last tag into a removed tag's place; empty tags
 * are dropped from every list, so {@code --set ""} changes nothing (restic 0.14's behaviour).
 */
@Command(name = "tag", description = "Modify tags on snapshots")
public final class TagCommand extends RepositoryCommand {
    @Option(names = "--add", paramLabel = "tags", description = "tags which will be added to the existing tags in the format `tag[,tag,...]` (can be given multiple times)")
    List<String> add = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "tags", description = "tags which will be removed from the existing tags in the format `tag[,tag,...]` (can be given multiple times)")
    List<String> remove = new ArrayList<>();

    @Option(names = "--set", paramLabel = "tags", description = "tags which will replace the existing tags in the format `tag[,tag,...]` (can be given multiple times)")
    List<String> set = new ArrayList<>();

    @Mixin
    SnapshotFilterOptions filter;

    @Parameters(paramLabel = "ID", arity = "0..*")
    List<String> snapshotIds = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (set.isEmpty() && add.isEmpty() && remove.isEmpty()) throw new CliException("nothing to do!");
        if (!set.isEmpty() && (!add.isEmpty() || !remove.isEmpty())) {
            throw new CliException("--set and --add/--remove cannot be given at the same time");
        }
        Printer p = printer();
        try (Repository repo = global().openRepository()) {
            if (!global().noLock()) p.info("create exclusive lock for repository");
            try (RepositoryLock lock = global().lock(repo, true)) {
                int changed = 0;
                for (IdentifiedSnapshot s : SnapshotSelection.select(repo, filter.filter(), snapshotIds, p)) {
                    try {
                        if (change(repo, s)) changed++;
                    } catch (IOException e) {
                        p.warn("unable to modify the tags for snapshot ID \"" + s.id() + "\", ignoring: " + e.getMessage());
                    }
                }
                p.info(changed == 0 ? "no snapshots were modified" : "modified tags on " + changed + " snapshots");
            }
        }
        return ExitCode.OK;
    }

    /** Rewrites one snapshot if its tags change; true if it did. */
    private boolean change(Repository repo, IdentifiedSnapshot s) throws IOException {
        Snapshot before = s.snapshot();
        Snapshot after;
        List<String> setTags = SnapshotFilter.parseTags(set);
        if (!setTags.isEmpty()) {
            after = before.withTags(setTags);
        } else {
            Snapshot added = before.addTags(SnapshotFilter.parseTags(add));
            after = added.removeTags(SnapshotFilter.parseTags(remove));
            boolean changed = added.tags().size() > before.tags().size() || after.tags().size() < added.tags().size();
            if (!changed) return false;
        }
        Snapshot rewritten = after.rewrittenFrom(s.id());
        Id id = repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(rewritten));
        if (!id.equals(s.id())) repo.backend().remove(FileHandle.of(FileType.SNAPSHOT, s.id()));
        return true;
    }
}

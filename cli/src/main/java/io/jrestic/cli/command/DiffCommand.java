package io.jrestic.cli.command;

import io.jrestic.backend.FileType;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.output.Sizes;
import io.jrestic.diff.Change;
import io.jrestic.diff.DiffResult;
import io.jrestic.diff.DiffStat;
import io.jrestic.diff.TreeDiff;
import io.jrestic.id.Id;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdPrefix;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diff}: what changed between two snapshots, as restic 0.14 prints it: one line per changed path
 * ({@code +}, {@code -}, {@code M}, {@code T}, with {@code --metadata} also {@code U}), then the summary; with
 * {@code --json} one change object per line and a statistics object. Snapshots are named by ID prefix only.
 */
@Command(name = "diff", description = "Show differences between two snapshots")
public final class DiffCommand extends RepositoryCommand {
    @Option(names = "--metadata", description = "print changes in metadata")
    boolean metadata;

    @Parameters(paramLabel = "snapshot-ID", arity = "0..*")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (args.size() != 2) throw new CliException("specify two snapshot IDs");
        Printer p = printer();
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().lock(repo, false)) {
            List<Id> all = repo.list(FileType.SNAPSHOT);
            IdentifiedSnapshot first = load(repo, all, args.get(0));
            IdentifiedSnapshot second = load(repo, all, args.get(1));
            if (!p.json()) {
                p.info("comparing snapshot " + first.id().toShortString() + " to " + second.id().toShortString() + ":");
                p.info("");
            }
            repo.loadIndex();
            for (IdentifiedSnapshot s : List.of(first, second)) {
                if (s.snapshot().tree() == null) throw new RepositoryCorruptException("snapshot " + s.id().toShortString() + " has nil tree");
            }
            Consumer<Change> out = p.quiet() ? c -> { } : p.json() ? c -> p.jsonLine(changeJson(c)) : c -> {
                p.raw(String.format("%-5s", c.modifier()).getBytes(StandardCharsets.UTF_8));
                p.raw(c.path());
                p.out().write('\n');
            };
            DiffResult r = TreeDiff.compare(repo, first.snapshot().tree(), second.snapshot().tree(), metadata, out);
            if (p.json()) {
                p.jsonLine(statisticsJson(args.get(0), args.get(1), r));
            } else {
                p.result("");
                for (String line : summary(r)) p.result(line);
            }
        }
        p.out().flush();
        return ExitCode.OK;
    }

    private static IdentifiedSnapshot load(Repository repo, List<Id> all, String name) throws IOException {
        Id id;
        try {
            id = IdPrefix.resolve(name, all);
        } catch (IdPrefix.IdPrefixException e) {
            throw new CliException(e.getMessage());
        }
        return new IdentifiedSnapshot(id, Snapshots.load(repo, id));
    }

    static byte[] changeJson(Change c) {
        return new JsonWriter().beginObject().name("message_type").value("change").name("path").valueUtf8Bytes(c.path())
                .name("modifier").value(c.modifier()).endObject().toByteArray();
    }

    static byte[] statisticsJson(String source, String target, DiffResult r) {
        JsonWriter w = new JsonWriter().beginObject().name("message_type").value("statistics")
                .name("source_snapshot").value(source).name("target_snapshot").value(target)
                .name("changed_files").value(r.changedFiles());
        stat(w.name("added"), r.added());
        stat(w.name("removed"), r.removed());
        return w.endObject().toByteArray();
    }

    private static void stat(JsonWriter w, DiffStat s) {
        w.beginObject().name("files").value(s.files()).name("dirs").value(s.dirs()).name("others").value(s.others())
                .name("data_blobs").value(s.dataBlobs()).name("tree_blobs").value(s.treeBlobs())
                .name("bytes").valueUnsigned(s.bytes()).endObject();
    }

    static List<String> summary(DiffResult r) {
        DiffStat a = r.added();
        DiffStat d = r.removed();
        return List.of(
                String.format("Files:       %5d new, %5d removed, %5d changed", a.files(), d.files(), r.changedFiles()),
                String.format("Dirs:        %5d new, %5d removed", a.dirs(), d.dirs()),
                String.format("Others:      %5d new, %5d removed", a.others(), d.others()),
                String.format("Data Blobs:  %5d new, %5d removed", a.dataBlobs(), d.dataBlobs()),
                String.format("Tree Blobs:  %5d new, %5d removed", a.treeBlobs(), d.treeBlobs()),
                String.format("  Added:   %-5s", Sizes.format(a.bytes())),
                String.format("  Removed: %-5s", Sizes.format(d.bytes())));
    }
}

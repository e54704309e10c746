package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.output.Sizes;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.stats.Stats;
import io.jrestic.stats.StatsCounter;
import io.jrestic.stats.StatsMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stats}: restic 0.14's size statistics of the selected snapshots, as text or {@code --json}. */
@Command(name = "stats", description = "Scan the repository and show basic statistics")
public final class StatsCommand extends RepositoryCommand {
    @Option(names = "--mode", paramLabel = "string", defaultValue = "restore-size",
            description = "counting mode: restore-size (default), files-by-contents, blobs-per-file or raw-data")
    String mode;

    @Mixin
    SnapshotFilterOptions filter;

    @Parameters(paramLabel = "snapshot ID", arity = "0..*")
    List<String> snapshotIds = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        StatsMode m;
        try {
            m = StatsMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw CliException.plain(e.getMessage()); // restic 0.14 prints this one without "Fatal: "
        }
        Printer p = printer();
        Stats stats;
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().lock(repo, false)) {
            repo.loadIndex();
            if (!p.json()) p.result("scanning...");
            StatsCounter counter = new StatsCounter(repo, m);
            for (IdentifiedSnapshot s : SnapshotSelection.select(repo, filter.filter(), snapshotIds, p)) counter.add(s);
            stats = counter.result();
        }
        if (p.json()) {
            p.jsonLine(json(stats));
            return ExitCode.OK;
        }
        for (String line : text(m, stats)) p.result(line);
        return ExitCode.OK;
    }

    static byte[] json(Stats s) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("total_size").valueUnsigned(s.totalSize());
        w.name("total_file_count").valueUnsigned(s.totalFileCount());
        if (s.totalBlobCount() != 0) w.name("total_blob_count").valueUnsigned(s.totalBlobCount());
        w.name("snapshots_count").value(s.snapshotsCount());
        return w.endObject().toByteArray();
    }

    static List<String> text(StatsMode m, Stats s) {
        List<String> lines = new ArrayList<>();
        lines.add("Stats in " + m.cliName() + " mode:");
        lines.add("Snapshots processed:   " + s.snapshotsCount());
        if (s.totalBlobCount() > 0) lines.add("   Total Blob Count:   " + s.totalBlobCount());
        if (s.totalFileCount() > 0) lines.add("   Total File Count:   " + s.totalFileCount());
        lines.add("         Total Size:   " + String.format("%-5s", Sizes.format(s.totalSize())));
        return lines;
    }
}

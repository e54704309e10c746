package io.jrestic.cli.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.backend.FileType;
import io.jrestic.backend.local.LocalBackend;
import io.jrestic.cli.CliRun;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.DirectoryTrees;
import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A repository of snapshots for comparing {@code forget} with stock restic: times spread over hours, days, ISO
 * week and year boundaries, month ends (31/30/29/28), recorded offsets other than UTC, one snapshot in the future,
 * tags, two hosts and two path sets. Some snapshots come from stock restic, some from {@code jrestic backup}, the
 * rest are written through the engine (same tree, other metadata), which is quick and allows any offset.
 */
final class ForgetFixture {
    static final String PASSWORD = "secret";

    /** host, paths, tags (comma-separated), RFC 3339 time. */
    private static final String[][] ENGINE_SNAPSHOTS = {
            {"h1", "/data", "", "2024-01-31T22:00:00-05:00"},
            {"h1", "/data", "", "2024-04-30T23:30:00+02:00"},
            {"h1", "/data", "daily", "2024-06-30T23:30:00-05:00"},
            {"h1", "/data", "", "2024-12-29T12:00:00Z"},
            {"h1", "/data", "", "2024-12-30T08:00:00Z"},
            {"h1", "/data", "weekly", "2024-12-31T22:59:59Z"},
            {"h1", "/data", "", "2025-01-01T00:00:01+01:00"},
            {"h1", "/data", "", "2025-03-01T12:00:00Z"},
            {"h1", "/data", "", "2025-03-03T09:00:00Z"},
            {"h1", "/data", "", "2025-03-03T11:00:00Z"},
            {"h1", "/data", "", "2025-03-31T08:00:00Z"},
            {"h1", "/data", "", "2025-03-31T09:15:00Z"},
            {"h1", "/data", "daily", "2025-03-31T09:45:00Z"},
            {"h1", "/data", "", "2025-03-31T10:00:00Z"},
            {"h1", "/data", "manual", "2099-01-01T00:00:00Z"},
            {"h1", "/etc,/data", "", "2024-03-30T10:00:00Z"},
            {"h1", "/etc,/data", "", "2024-10-31T10:00:00Z"},
            {"h1", "/etc,/data", "weekly,manual", "2025-02-28T10:00:00Z"},
            {"h2", "/data", "", "2024-07-01T06:00:00Z"},
            {"h2", "/data", "", "2024-07-01T07:00:00Z"},
            {"h2", "/data", "", "2024-07-08T06:00:00Z"},
            {"h2", "/data", "daily", "2025-01-15T06:00:00Z"},
    };

    final Path repo;
    final CliRun cli;

    private ForgetFixture(Path repo) {
        this.repo = repo;
        this.cli = new CliRun().env("RESTIC_REPOSITORY", repo.toString()).env("RESTIC_PASSWORD", PASSWORD);
    }

    static ForgetFixture create(Path dir) throws Exception {
        ForgetFixture f = new ForgetFixture(dir.resolve("repo"));
        CliRun.Result init = f.cli.run("init");
        assertEquals(0, init.exitCode(), init.err());
        f.resticBackup("2020-12-31 12:00:00", "daily");
        f.resticBackup("2021-01-01 12:00:00", "daily");
        f.resticBackup("2021-01-04 12:00:00", "weekly,manual");
        f.jresticBackup("2023-02-28 10:00:00", "daily");
        f.jresticBackup("2024-02-29 10:00:00", null);
        f.jresticBackup("2024-03-31 10:00:00", "manual");
        try (Repository r = f.open()) {
            Id tree = Snapshots.loadAll(r).getFirst().snapshot().tree();
            for (String[] s : ENGINE_SNAPSHOTS) {
                List<String> tags = s[2].isEmpty() ? List.of() : List.of(s[2].split(","));
                Snapshot sn = Snapshot.builder(OffsetDateTime.parse(s[3]), tree, List.of(s[1].split(",")))
                        .hostname(s[0]).username("root").tags(tags).build();
                r.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(sn));
            }
        }
        return f;
    }

    Repository open() throws IOException {
        return Repository.open(new LocalBackend(repo), PASSWORD.getBytes(StandardCharsets.UTF_8), null, Repository.Settings.DEFAULT);
    }

    private void resticBackup(String time, String tags) throws Exception {
        List<String> args = new ArrayList<>(List.of("backup", "-q", "--stdin", "--stdin-filename", "data", "--host", "h1",
                "--time", time));
        if (tags != null) args.addAll(List.of("--tag", tags));
        Run r = restic(repo, "x".getBytes(StandardCharsets.UTF_8), args);
        assertEquals(0, r.exitCode(), r.err());
    }

    private void jresticBackup(String time, String tags) {
        List<String> args = new ArrayList<>(List.of("backup", "-q", "--stdin-from-command", "--stdin-filename", "data",
                "--host", "h1", "--time", time));
        if (tags != null) args.addAll(List.of("--tag", tags));
        args.addAll(List.of("--", "printf", "y"));
        CliRun.Result r = cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
    }

    /** The outcome of a stock restic run. */
    record Run(int exitCode, String out, String err) {
    }

    static Run restic(Path repo, List<String> args) throws IOException, InterruptedException {
        return restic(repo, new byte[0], args);
    }

    static Run restic(Path repo, byte[] stdin, List<String> args) {
        List<String> command = new ArrayList<>(List.of(StockRestic.EXECUTABLE, "-r", repo.toString()));
        command.addAll(args);
        ChildProcess.Output o = ChildProcess.run(command, Map.of("RESTIC_PASSWORD", PASSWORD,
                "RESTIC_CACHE_DIR", repo.resolveSibling("restic-cache").toString()), stdin, null, ChildProcess.DEFAULT_LIMIT);
        return new Run(o.exitCode(), o.out(), o.err());
    }

    /** The snapshot file names of a repository, sorted. */
    static TreeSet<String> snapshotFiles(Path repo) throws IOException {
        try (Stream<Path> s = Files.list(repo.resolve("snapshots"))) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}

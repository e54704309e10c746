package io.jrestic.cli.command;

import io.jrestic.checker.CheckListener;
import io.jrestic.checker.Checker;
import io.jrestic.checker.Finding;
import io.jrestic.checker.PackSubset;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.progress.ProgressCounter;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check}: runs the engine's {@link Checker} phase by phase and words its findings as restic 0.14 does:
 * phase headings and hints on stdout, errors on stderr, "Fatal: repository contains errors" and exit 1 at the
 * end if anything was wrong.
 */
@Command(name = "check", description = "Check the repository for errors")
public final class CheckCommand extends RepositoryCommand {
    @Option(names = "--read-data", description = "read all data blobs")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "subset",
            description = "read a subset of data packs, specified as 'n/t' for specific part, or either 'x%' or 'x.y%' or a size in bytes with suffixes k/K, m/M, g/G, t/T for a random subset")
    String readDataSubset;

    /** Deprecated and ignored by restic 0.14, which only warns; so does jrestic. */
    @Option(names = "--check-unused", hidden = true, description = "find unused blobs (deprecated, ignored)")
    boolean checkUnused;

    @Option(names = "--with-cache", description = "use the cache (accepted for compatibility: check always reads the repository itself)")
    boolean withCache;

    @Override
    public Integer call() throws Exception {
        PackSubset subset = subset();
        Printer p = printer();
        if (checkUnused) DeprecatedFlags.warn(p, "check-unused", "`--check-unused` is deprecated and will be ignored");
        if (subset != null) CryptoKey.warmUp(); // on the second core while the key is derived: packs are read
        try (Repository repo = global().openRepositoryWithoutCache()) {
            if (!global().noLock()) p.info("create exclusive lock for repository");
            try (RepositoryLock lock = global().beginLock(repo, true)) {
                boolean errors = check(repo, lock, subset, p);
                if (errors) throw new CliException("repository contains errors");
            }
        }
        p.info("no errors were found");
        return ExitCode.OK;
    }

    private PackSubset subset() {
        if (readData && readDataSubset != null) {
            throw new CliException("check flags --read-data and --read-data-subset cannot be used together");
        }
        if (readData) return PackSubset.ALL;
        if (readDataSubset == null) return null;
        try {
            return PackSubset.parse(readDataSubset);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** Runs every phase; true if errors were found. */
    private boolean check(Repository repo, RepositoryLock lock, PackSubset subset, Printer p) throws java.io.IOException {
        Checker checker = new Checker(repo, Checker.Options.forRepository(repo));
        int snapshots = checker.listSnapshots().size();
        String fps = global().env().get("RESTIC_PROGRESS_FPS");

        p.info("load indexes");
        List<Finding> indexFindings = new ArrayList<>();
        boolean indexComplete = checker.loadIndex(indexFindings::add);
        if (lock != null) lock.confirm(); // the lock's settle wait ran while snapshots and index were read
        printIndexFindings(indexFindings, p);
        if (!indexComplete) throw new CliException("LoadIndex returned errors");

        p.info("check all packs");
        int[] unreferenced = {0};
        checker.checkPacks(f -> {
            if (f.kind() == Finding.Kind.UNREFERENCED_PACK) {
                unreferenced[0]++;
                p.info(f.message());
            } else {
                p.warn(f.message());
            }
        });
        if (unreferenced[0] > 0) {
            p.info(unreferenced[0] + " additional files were found in the repo, which likely contain duplicate data.");
            p.info("This is non-critical, you can run `restic prune` to correct this.");
        }

        p.info("check snapshots, trees and blobs");
        Map<Id, List<String>> treeErrors = new LinkedHashMap<>();
        // the checker reports no per-snapshot progress: the counter ends at all snapshots once the phase is over
        try (ProgressCounter bar = ProgressCounter.start(p, fps, snapshots, "snapshots")) {
            checker.checkStructure(f -> {
                if (f.kind() == Finding.Kind.TREE) treeErrors.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(f.message());
                else p.warn("error: " + f.message());
            });
            bar.add(snapshots);
        }
        treeErrors.forEach((tree, messages) -> {
            p.warn("error for tree " + tree.toShortString() + ":");
            messages.forEach(m -> p.warn("  " + m));
        });

        if (subset != null) {
            Map<Id, Long> all = checker.packs();
            Map<Id, Long> selected = subset.select(all, new Random());
            p.info(describe(subset, selected.size(), all.size()));
            try (ProgressCounter bar = ProgressCounter.start(p, fps, selected.size(), "packs")) {
                checker.readPacks(selected, new CheckListener() {
                    @Override
                    public void finding(Finding f) {
                        p.warn(f.message());
                    }

                    @Override
                    public void packRead(Id pack) {
                        bar.add(1);
                    }
                });
            }
        }
        return checker.summary().hasErrors();
    }

    /** Prints the index phase in restic's order: hints, what to do about them, then errors. */
    private static void printIndexFindings(List<Finding> findings, Printer p) {
        boolean suggestRebuild = false;
        boolean mixed = false;
        for (Finding f : findings) {
            if (f.isError()) continue;
            p.result(f.message());
            if (f.kind() == Finding.Kind.MIXED_PACK) mixed = true;
            else suggestRebuild = true;
        }
        if (suggestRebuild) p.result("This is non-critical, you can run `restic rebuild-index' to correct this");
        if (mixed) p.result("Mixed packs with tree and data blobs are non-critical, you can run `restic prune` to correct this.");
        for (Finding f : findings) {
            if (f.isError()) p.warn("error: " + f.message());
        }
    }

    private static String describe(PackSubset subset, int selected, int total) {
        return switch (subset) {
            case PackSubset.All a -> "read all data";
            case PackSubset.Group g -> "read group #" + g.group() + " of " + selected + " data packs (out of total "
                    + total + " packs in " + g.groups() + " groups)";
            case PackSubset.Percentage pct -> String.format(Locale.ROOT, "read %.1f%% of data packs", pct.percent());
            case PackSubset.Size s -> "read " + s.bytes() + " bytes of data packs";
        };
    }
}

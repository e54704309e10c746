package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.GlobalOptions;
import io.jrestic.cli.Printer;
import io.jrestic.id.Id;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repair.IndexRepair;
import io.jrestic.repair.PackSalvage;
import io.jrestic.repair.RepairListener;
import io.jrestic.repair.SnapshotRepair;
import io.jrestic.repository.Repository;
import io.jrestic.rewrite.SnapshotReplacer;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code repair index|snapshots|packs} (restic ≥ 0.16), and restic 0.14's {@code rebuild-index} as
 * {@link RebuildIndex}. Every repair takes an exclusive lock; {@code repair snapshots --dry-run} takes none, as in
 * restic.
 */
@Command(name = "repair", description = "Repair the repository",
        subcommands = {RepairCommand.Index.class, RepairCommand.Snapshots.class, RepairCommand.Packs.class})
public final class RepairCommand extends RepositoryCommand {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(printer().err());
        return ExitCode.OK;
    }

    /** The printer as a repair listener: progress on stdout, problems on stderr. */
    static RepairListener listener(Printer p) {
        return new RepairListener() {
            @Override
            public void info(String line) {
                p.info(line);
            }

            @Override
            public void warn(String line) {
                p.warn(line);
            }
        };
    }

    /** Rebuilds the index under an exclusive lock and prints restic's closing lines. */
    static int repairIndex(GlobalOptions global, boolean readAllPacks) throws IOException {
        Printer p = global.printer();
        try (Repository repo = global.openRepositoryWithoutCache(); // repairs act on what is stored, not on cached copies
             RepositoryLock lock = global.lock(repo, true)) {
            IndexRepair.Result r = IndexRepair.run(repo, readAllPacks, listener(p));
            if (!r.damagedPacks().isEmpty()) {
                p.warn("");
                p.warn("The following pack files are damaged; salvage their intact blobs with:");
                p.warn("jrestic repair packs " + String.join(" ", r.damagedPacks().stream().map(Id::toString).toList()));
            }
            p.info("done");
        }
        return ExitCode.OK;
    }

    /** {@code repair index}: a new index from the pack files. */
    @Command(name = "index", description = "Build a new index")
    public static final class Index implements Callable<Integer> {
        @ParentCommand
        RepairCommand parent;

        @Option(names = "--read-all-packs", description = "read all pack files to generate new index from scratch (jrestic also verifies their content)")
        boolean readAllPacks;

        @Override
        public Integer call() throws IOException {
            return repairIndex(parent.global(), readAllPacks);
        }
    }

    /** {@code repair packs}: salvage the intact blobs of damaged packs, then drop the packs. */
    @Command(name = "packs", description = "Salvage damaged pack files")
    public static final class Packs implements Callable<Integer> {
        @ParentCommand
        RepairCommand parent;

        @Parameters(paramLabel = "packIDs", arity = "0..*")
        List<String> packIds = new ArrayList<>();

        @Option(names = "--backup-dir", paramLabel = "directory", defaultValue = ".",
                description = "where to keep a copy pack-<ID> of each damaged pack file first (default: the current directory, as restic)")
        Path backupDir;

        @Override
        public Integer call() throws IOException {
            Set<Id> ids = new LinkedHashSet<>();
            for (String s : packIds) {
                if (!Id.isValid(s)) throw new CliException("invalid pack ID \"" + s + "\": want 64 hex digits");
                ids.add(Id.parse(s));
            }
            if (ids.isEmpty()) throw new CliException("no ids specified");
            GlobalOptions global = parent.global();
            Printer p = global.printer();
            try (Repository repo = global.openRepositoryWithoutCache(); // repairs act on what is stored, not on cached copies
                 RepositoryLock lock = global.lock(repo, true)) {
                PackSalvage.Result r = PackSalvage.run(repo, ids, backupDir, listener(p));
                p.info("salvaged " + r.blobsSalvaged() + " blobs into " + r.packsWritten().size() + " new packs, "
                        + r.blobsLost() + " blobs lost, removed " + r.packsRemoved().size() + " pack files");
            }
            p.warn("");
            p.warn("Use `jrestic repair snapshots --forget` to remove the corrupted data blobs from all snapshots");
            return ExitCode.OK;
        }
    }

    /** {@code repair snapshots}: new snapshots that reference only what the index has. */
    @Command(name = "snapshots", description = "Repair snapshots")
    public static final class Snapshots implements Callable<Integer> {
        @ParentCommand
        RepairCommand parent;

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
            GlobalOptions global = parent.global();
            Printer p = global.printer();
            try (Repository repo = global.openRepositoryWithoutCache(); // repairs act on what is stored, not on cached copies
                 RepositoryLock lock = dryRun ? null : global.lock(repo, true)) {
                RewriteCommand.Selection selected = RewriteCommand.select(repo, snapshotIds, filterOptions.filter(),
                        forget, dryRun, p);
                repo.loadIndex();
                SnapshotRepair repair = new SnapshotRepair(repo, listener(p));
                SnapshotReplacer replacer = new SnapshotReplacer(repo, dryRun, forget, SnapshotRepair.TAG, p::info);
                int changed = selected.removedUnreadable();
                for (IdentifiedSnapshot s : selected.snapshots()) {
                    p.info("");
                    p.info(RewriteCommand.describe(s));
                    try {
                        if (replacer.replace(s, repair).changed()) changed++;
                    } catch (IOException e) {
                        throw new CliException("unable to rewrite snapshot ID \"" + s.id().toShortString() + "\": " + e.getMessage());
                    }
                }
                RewriteCommand.printCount(p, changed, dryRun);
            }
            return ExitCode.OK;
        }
    }

    /** restic 0.14's {@code rebuild-index}: the same as {@code repair index}. */
    @Command(name = "rebuild-index", description = "Build a new index (deprecated name of 'repair index')")
    public static final class RebuildIndex extends RepositoryCommand {
        @Option(names = "--read-all-packs", description = "read all pack files to generate new index from scratch (jrestic also verifies their content)")
        boolean readAllPacks;

        @Override
        public Integer call() throws IOException {
            return repairIndex(global(), readAllPacks);
        }
    }
}

package io.jrestic.cli.command;

import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.output.GoText;
import io.jrestic.cli.output.Sizes;
import io.jrestic.copy.SnapshotCopier;
import io.jrestic.id.Id;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code copy}: copies snapshots from {@code --from-repo} into the repository of {@code -r} (with restic 0.13's
 * deprecated {@code --repo2}: from {@code -r} into {@code --repo2}), as restic 0.14 does:
 * blobs are re-encrypted for the destination and compressed per its settings but never re-chunked; a snapshot
 * the destination already holds a similar copy of is skipped; the copy keeps the source's original ID. The source
 * gets a shared lock (unless --no-lock), the destination always one.
 */
@Command(name = "copy", description = "Copy snapshots from one repository to another")
public final class CopyCommand extends RepositoryCommand {
    @Mixin
    FromRepositoryOptions from;

    @Mixin
    SnapshotFilterOptions filter;

    @Parameters(paramLabel = "snapshotID", arity = "0..*")
    List<String> snapshotIds = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Printer p = printer();
        FromRepositoryOptions.Secondary secondary = from.open(global(), "destination");
        try (Repository other = secondary.repository();
             Repository primary = global().openRepository()) {
            // --from-repo copies into -r; restic 0.13's --repo2 copied from -r into --repo2
            Repository source = secondary.fromRepo() ? other : primary;
            Repository destination = secondary.fromRepo() ? primary : other;
            try (RepositoryLock sourceLock = global().lock(source, false);
                 RepositoryLock destinationLock = RepositoryLock.acquire(destination, false)) {
                copy(source, destination, p);
            }
        }
        return ExitCode.OK;
    }

    /** Copies the selected snapshots of {@code source} that {@code destination} lacks, with restic's messages. */
    private void copy(Repository source, Repository destination, Printer p) throws IOException {
        source.loadIndex();
        destination.loadIndex();
        SnapshotCopier copier = new SnapshotCopier(source, destination, Snapshots.loadAll(destination));
        for (IdentifiedSnapshot s : SnapshotSelection.select(source, filter.filter(), snapshotIds, p)) {
            p.info("");
            p.info("snapshot " + s.id().toShortString() + " of [" + String.join(" ", s.snapshot().paths()) + "] at "
                    + GoText.time(s.snapshot().time()) + ")");
            Optional<IdentifiedSnapshot> existing = copier.existingCopy(s);
            if (existing.isPresent()) {
                p.info("skipping source snapshot " + s.id().toShortString() + ", was already copied to snapshot "
                        + existing.get().id().toShortString());
                continue;
            }
            p.info("  copy started, this may take a while...");
            long start = System.nanoTime();
            SnapshotCopier.Transfer transfer = copier.plan(s);
            copier.transfer(transfer);
            p.info(progressLine(transfer.packs().size(), (System.nanoTime() - start) / 1e9));
            p.info("");
            Id id = copier.saveSnapshot(s);
            p.info("snapshot " + id.toShortString() + " saved");
        }
    }

    /** The last state of restic's "packs copied" progress bar. */
    static String progressLine(int packs, double seconds) {
        String elapsed = "[" + Sizes.duration(seconds) + "]";
        if (packs == 0) return elapsed + "          0 packs copied";
        return elapsed + " " + String.format(Locale.ROOT, "%.2f%%", 100.0) + "  " + packs + " / " + packs + " packs copied";
    }
}

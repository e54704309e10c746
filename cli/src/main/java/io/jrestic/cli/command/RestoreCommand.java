package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.progress.RestoreProgress;
import io.jrestic.cli.output.GoText;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.filter.PathFilter;
import io.jrestic.id.Id;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.restorer.RestoreListener;
import io.jrestic.restorer.RestoreOptions;
import io.jrestic.restorer.RestoreResult;
import io.jrestic.restorer.RestoreSelector;
import io.jrestic.restorer.Restorer;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.walker.TreeWalker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code restore}: extracts a snapshot (or {@code snapshot:subfolder}) into a target directory. */
@Command(name = "restore", description = "Extract the data from a snapshot")
public final class RestoreCommand extends RepositoryCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "snapshotID")
    String snapshot;

    @Option(names = {"-t", "--target"}, paramLabel = "string", description = "directory to extract data to")
    String target;

    @Option(names = {"-i", "--include"}, paramLabel = "pattern", description = "include a pattern, exclude everything else (can be specified multiple times)")
    List<String> include = new ArrayList<>();

    @Option(names = {"-e", "--exclude"}, paramLabel = "pattern", description = "exclude a pattern (can be specified multiple times)")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--iinclude", paramLabel = "pattern", description = "same as --include but ignores the casing of filenames")
    List<String> iinclude = new ArrayList<>();

    @Option(names = "--iexclude", paramLabel = "pattern", description = "same as --exclude but ignores the casing of filenames")
    List<String> iexclude = new ArrayList<>();

    @Option(names = "--verify", description = "verify restored files content")
    boolean verify;

    @Option(names = "--sparse", description = "restore files as sparse (all-zero blobs become holes)")
    boolean sparse;

    @Mixin
    SnapshotFilterOptions filter;

    @Override
    public Integer call() throws Exception {
        if (snapshot == null || snapshot.isEmpty()) throw new CliException("no snapshot ID specified");
        if (target == null || target.isEmpty()) throw new CliException("please specify a directory to restore to (--target)");
        boolean anyExclude = !exclude.isEmpty() || !iexclude.isEmpty();
        boolean anyInclude = !include.isEmpty() || !iinclude.isEmpty();
        if (anyExclude && anyInclude) throw new CliException("exclude and include patterns are mutually exclusive");
        RestoreSelector selector;
        try {
            selector = RestoreSelector.of(PathFilter.of(include), PathFilter.caseInsensitive(iinclude),
                    PathFilter.of(exclude), PathFilter.caseInsensitive(iexclude));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        int colon = snapshot.indexOf(':');
        String id = colon < 0 ? snapshot : snapshot.substring(0, colon);
        String subfolder = colon < 0 ? "" : snapshot.substring(colon + 1);
        Printer out = printer();
        CryptoKey.warmUp(); // on the second core while the key is derived: bulk decryption follows
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().beginLock(repo, false)) {
            IdentifiedSnapshot sn = Snapshots.find(repo, id, filter.filter());
            repo.loadIndex();
            TreeWalker trees = new TreeWalker(repo);
            Id tree = trees.subtree(sn.snapshot().tree(), subfolder.getBytes(StandardCharsets.UTF_8));
            if (lock != null) lock.confirm(); // the lock's settle wait ran while the index was read
            out.info("restoring " + GoText.snapshot(sn.id(), sn.snapshot()) + " to " + target);
            byte[] dst = target.getBytes(StandardCharsets.UTF_8);
            RestoreProgress progress = RestoreProgress.start(out, global().env().get("RESTIC_PROGRESS_FPS"));
            Restorer restorer = new Restorer(repo, tree, selector, new RestoreOptions(0, sparse), listener(out, progress));
            RestoreResult result;
            try {
                result = restorer.restoreTo(dst);
            } finally {
                progress.close();
            }
            if (result.errors() > 0) throw new CliException("There were " + result.errors() + " errors");
            if (verify) {
                out.info("verifying files in " + target);
                long started = System.nanoTime();
                RestoreResult checked = restorer.verify(dst);
                if (checked.errors() > 0) throw new CliException("There were " + checked.errors() + " errors");
                out.info("finished verifying " + checked.files() + " files in " + target + " (took "
                        + GoText.durationMillis(Duration.ofNanos(System.nanoTime() - started)) + ")");
            }
        }
        return ExitCode.OK;
    }

    /** restic prints each item error as "ignoring error for <path>: <message>" and goes on; progress if given. */
    private static RestoreListener listener(Printer out, RestoreProgress progress) {
        return new RestoreListener() {
            @Override
            public void planned(long files, long bytes) {
                if (progress != null) progress.planned(files, bytes);
            }

            @Override
            public void fileDone(String location, long bytes) {
                if (progress != null) progress.fileDone();
            }

            @Override
            public void bytesWritten(long bytes) {
                if (progress != null) progress.bytesWritten(bytes);
            }

            @Override
            public void error(String location, Exception cause) {
                out.warn("ignoring error for " + location + ": " + cause.getMessage());
            }

            @Override
            public void warning(String location, String message) {
                out.warn("warning for " + location + ": " + message);
            }
        };
    }
}

package io.jrestic.cli.output;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.BackupListener;
import io.jrestic.archiver.BackupStatistics;
import io.jrestic.archiver.Scanner;
import io.jrestic.cli.Printer;
import io.jrestic.cli.progress.BackupProgress;
import io.jrestic.json.GoTime;
import io.jrestic.json.JsonWriter;
import io.jrestic.repository.BlobSaver;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What {@code backup} prints: progress ({@link BackupProgress}), errors as they happen, and restic's summary — the text block, or with {@code --json}
 * the {@code summary} message (restic's latest shape: full snapshot ID, {@code data_added_packed}, start and end).
 */
public final class BackupOutput implements BackupListener, AutoCloseable {
    /** Lines held at most while the lock is being confirmed; a thread with one more to print waits for it. */
    private static final int MAX_HELD = 1000;

    private final Printer printer;
    private final long startedNanos;
    private BackupProgress progress;
    private CompletableFuture<?> confirmation = CompletableFuture.completedFuture(null);
    /** Printing held while {@link #holding}, until the lock's confirmation is over; guarded by itself. */
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private boolean dropping;

    public BackupOutput(Printer printer, long startedNanos) {
        this.printer = printer;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts restic's progress: status lines on a terminal, periodic {@code status} messages with --json, nothing
     * otherwise (see {@link BackupProgress}). {@code scanner} starts the totals scan, null for a stream.
     *
     * @param fps {@code RESTIC_PROGRESS_FPS}, or null
     */
    public void startProgress(Supplier<Scanner> scanner, String fps) {
        progress = BackupProgress.start(printer, fps, startedNanos, scanner);
        progress.showFrom(confirmation);
    }

    /**
     * Holds everything this output would print (but the summary) until {@code lockConfirmed} completes: then it is
     * printed in order, or dropped if the lock was lost. restic waits out its lock's settle time before it starts,
     * so it never shows anything of a backup that then fails to lock; jrestic works during that wait, and shows
     * nothing of it before the lock is sure either. Call before {@link #startProgress}.
     */
    public void holdUntil(CompletableFuture<?> lockConfirmed) {
        synchronized (held) {
            confirmation = lockConfirmed;
            holding = true;
        }
        lockConfirmed.whenComplete((ignored, failure) -> releaseHeld());
    }

    /**
     * Once the confirmation is over, prints what was held (or drops it), if that has not happened yet. The
     * confirmation does it as soon as it completes; a thread that has waited for the lock itself calls this before
     * it prints anything, so that what was held comes first.
     */
    public void releaseHeld() {
        synchronized (held) {
            if (!holding || !confirmation.isDone()) return;
            holding = false;
            dropping = confirmation.isCompletedExceptionally();
            if (!dropping) held.forEach(Runnable::run);
            held.clear();
            held.notifyAll();
        }
    }

    /** A line restic prints before the backup starts, such as the parent snapshot used. */
    public void info(String line) {
        print(() -> printer.info(line));
    }

    /** Prints now, or later in order while held; never once the lock was lost. */
    private void print(Runnable line) {
        synchronized (held) {
            while (holding && held.size() >= MAX_HELD) {
                try {
                    held.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new InterruptedIOException("interrupted"));
                }
            }
            if (dropping) return;
            if (holding) {
                held.add(line);
                return;
            }
            line.run(); // under the lock, so that a line never overtakes the held ones being printed
        }
    }

    @Override
    public void close() {
        if (progress != null) progress.close();
    }

    @Override
    public void error(String item, String during, Exception cause) {
        if (progress != null) progress.error(item);
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (printer.json()) {
            String line = new String(new JsonWriter().beginObject().name("message_type").value("error")
                    .name("error").beginObject().name("message").value(message).endObject()
                    .name("during").value(during).name("item").value(item).endObject().toByteArray(),
                    java.nio.charset.StandardCharsets.UTF_8);
            print(() -> printer.err().println(line));
        } else {
            print(() -> printer.warn("error: " + message));
        }
    }

    @Override
    public void bytesRead(long bytes) {
        if (progress != null) progress.bytesRead(bytes);
    }

    @Override
    public void fileStarted(String item) {
        if (progress != null) progress.fileStarted(item);
    }

    @Override
    public void fileDone(String item, long bytes, boolean changed) {
        if (progress != null) progress.fileDone(item, changed ? 0 : bytes);
        if (printer.showsVerbose()) print(() -> printer.verbose((changed ? "new/modified " : "unchanged    ") + item));
    }

    public void summary(Archiver.Result result, boolean dryRun) {
        BackupStatistics s = result.statistics();
        BlobSaver.Statistics a = result.added();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        if (progress != null) progress.finalStatus();
        if (printer.json()) {
            JsonWriter w = new JsonWriter().beginObject().name("message_type").value("summary")
                    .name("files_new").value(s.filesNew()).name("files_changed").value(s.filesChanged())
                    .name("files_unmodified").value(s.filesUnmodified())
                    .name("dirs_new").value(s.dirsNew()).name("dirs_changed").value(s.dirsChanged())
                    .name("dirs_unmodified").value(s.dirsUnmodified())
                    .name("data_blobs").value(a.dataBlobs()).name("tree_blobs").value(a.treeBlobs())
                    .name("data_added").value(a.dataAdded()).name("data_added_packed").value(a.dataAddedPacked())
                    .name("total_files_processed").value(s.totalFilesProcessed())
                    .name("total_bytes_processed").value(s.totalBytesProcessed())
                    .name("total_duration").value(seconds)
                    .name("backup_start").value(GoTime.format(result.snapshot().summary().backupStart()))
                    .name("backup_end").value(GoTime.format(result.snapshot().summary().backupEnd()));
            if (result.snapshotId() != null) w.name("snapshot_id").value(result.snapshotId().toString());
            if (dryRun) w.name("dry_run").value(true);
            printer.jsonLine(w.endObject().toByteArray());
            return;
        }
        printer.info("");
        printer.info(String.format("Files:       %5d new, %5d changed, %5d unmodified", s.filesNew(), s.filesChanged(), s.filesUnmodified()));
        printer.info(String.format("Dirs:        %5d new, %5d changed, %5d unmodified", s.dirsNew(), s.dirsChanged(), s.dirsUnmodified()));
        printer.info("Added to the repository: " + Sizes.format(a.dataAdded()) + " (" + Sizes.format(a.dataAddedPacked()) + " stored)");
        printer.info("");
        printer.info("processed " + s.totalFilesProcessed() + " files, " + Sizes.format(s.totalBytesProcessed()) + " in " + Sizes.duration(seconds));
        if (dryRun) {
            printer.info("dry run: no snapshot saved");
        } else {
            printer.info("snapshot " + result.snapshotId().toShortString() + " saved");
        }
    }
}

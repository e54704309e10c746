package io.jrestic.cli.output;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.BackupListener;
import io.jrestic.archiver.BackupStatistics;
import io.jrestic.cli.Printer;
import io.jrestic.json.GoTime;
import io.jrestic.json.JsonWriter;
import io.jrestic.repository.BlobSaver;

/**
 * What {@code backup} prints: errors as they happen, and restic's summary — the text block, or with {@code --json}
 * the {@code summary} message (restic's latest shape: full snapshot ID, {@code data_added_packed}, start and end).
 */
public final class BackupOutput implements BackupListener, AutoCloseable {
    private final Printer printer;
    private final long startedNanos;
    private final java.util.concurrent.atomic.AtomicLong filesDone = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong bytesDone = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
    private volatile io.jrestic.archiver.Scanner scanner;
    private java.util.concurrent.ScheduledExecutorService ticker;

    public BackupOutput(Printer printer, long startedNanos) {
        this.printer = printer;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts restic's periodic {@code status} messages (JSON mode, not with --quiet), with totals from the scanner
     * when there is one. Interval: RESTIC_PROGRESS_FPS, default one per second.
     */
    public void startStatus(io.jrestic.archiver.Scanner scanner, Double fps) {
        this.scanner = scanner;
        if (!printer.json() || (printer.quiet() && fps == null)) return;
        long periodMillis = fps == null || fps <= 0 ? 1000 : Math.max(16, (long) (1000 / fps));
        ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("backup-status").factory());
        ticker.scheduleAtFixedRate(() -> status(false), periodMillis, periodMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** One status message in restic's shape; zero fields omitted, {@code percent_done} always present. */
    public synchronized void status(boolean finished) {
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        io.jrestic.archiver.Scanner sc = scanner;
        long totalFiles = sc == null ? 0 : sc.files();
        long totalBytes = sc == null ? 0 : sc.bytes();
        long bytes = bytesDone.get();
        double percent = finished ? 1.0 : totalBytes > 0 ? Math.min(1.0, (double) bytes / totalBytes) : 0.0;
        JsonWriter w = new JsonWriter().beginObject().name("message_type").value("status");
        if ((long) elapsed > 0) w.name("seconds_elapsed").value((long) elapsed);
        if (!finished && sc != null && sc.done() && bytes > 0 && totalBytes > bytes) {
            long remaining = (long) (elapsed * (totalBytes - bytes) / bytes);
            if (remaining > 0) w.name("seconds_remaining").value(remaining);
        }
        w.name("percent_done").value(percent);
        if (totalFiles > 0) w.name("total_files").value(totalFiles);
        if (filesDone.get() > 0) w.name("files_done").value(filesDone.get());
        if (totalBytes > 0) w.name("total_bytes").value(totalBytes);
        if (bytes > 0) w.name("bytes_done").value(bytes);
        if (errors.get() > 0) w.name("error_count").value(errors.get());
        printer.jsonLine(w.endObject().toByteArray());
    }

    @Override
    public void close() {
        if (ticker != null) ticker.shutdownNow();
    }

    @Override
    public void error(String item, String during, Exception cause) {
        errors.incrementAndGet();
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (printer.json()) {
            printer.err().println(new String(new JsonWriter().beginObject().name("message_type").value("error")
                    .name("error").beginObject().name("message").value(message).endObject()
                    .name("during").value(during).name("item").value(item).endObject().toByteArray(),
                    java.nio.charset.StandardCharsets.UTF_8));
        } else {
            printer.warn("error: " + message);
        }
    }

    @Override
    public void bytesRead(long bytes) {
        bytesDone.addAndGet(bytes);
    }

    @Override
    public void fileDone(String item, long bytes, boolean changed) {
        filesDone.incrementAndGet();
        if (!changed) bytesDone.addAndGet(bytes);
        printer.verbose((changed ? "new/modified " : "unchanged    ") + item);
    }

    public void summary(Archiver.Result result, boolean dryRun) {
        BackupStatistics s = result.statistics();
        BlobSaver.Statistics a = result.added();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        close();
        if (printer.json()) {
            if (!printer.quiet()) status(true);
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

package io.jrestic.cli.progress;

import io.jrestic.cli.Printer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The status line of a running restore (restic 0.14 shows none; this is the line later restic versions show):
 * files and bytes written against the planned totals, on a terminal only (or with {@code RESTIC_PROGRESS_FPS}),
 * never with --quiet or --json.
 */
public final class RestoreProgress implements AutoCloseable {
    private static final long SECOND = 1_000_000_000L;

    private final Printer printer;
    private final StatusLines lines;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private volatile long totalFiles;
    private volatile long totalBytes;
    private volatile boolean planned;
    private final Ticker ticker;
    private long shownChanges = -1;
    private long shownNanos;

    private RestoreProgress(Printer printer, StatusLines lines, long intervalNanos) {
        this.printer = printer;
        this.lines = lines;
        this.ticker = lines == null ? null : Ticker.every(intervalNanos, "restore-progress", this::tick);
    }

    /** @param fps {@code RESTIC_PROGRESS_FPS}, or null */
    public static RestoreProgress start(Printer printer, String fps) {
        long interval = printer.json() ? 0 : RefreshInterval.nanos(fps, !printer.quiet(), false, printer.terminal());
        if (interval == 0) return new RestoreProgress(printer, null, 0);
        return new RestoreProgress(printer, printer.showStatus(), interval);
    }

    public void planned(long files, long bytes) {
        totalFiles = files;
        totalBytes = bytes;
        planned = true;
        changes.incrementAndGet();
    }

    public void fileDone() {
        files.incrementAndGet();
        changes.incrementAndGet();
    }

    public void bytesWritten(long n) {
        bytes.addAndGet(n);
        changes.incrementAndGet();
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        long seen = changes.get();
        if (!planned || (seen == shownChanges && now - shownNanos < SECOND)) return;
        shownChanges = seen;
        shownNanos = now;
        lines.set(List.of(line(now)));
    }

    String line(long now) {
        return ProgressText.restore((now - startedNanos) / SECOND, files.get(), bytes.get(), totalFiles, totalBytes);
    }

    /** Stops the redraws and erases the line. */
    @Override
    public void close() {
        if (ticker != null) ticker.close();
        if (lines != null) printer.hideStatus(lines);
    }
}

package io.jrestic.cli.progress;

import io.jrestic.archiver.Scanner;
import io.jrestic.cli.Printer;
import io.jrestic.json.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The status of a running backup, as restic's backup progress keeps it: files and bytes done, errors, the files
 * being read, and totals from a {@link Scanner} walking the targets at the same time (so a percentage and an ETA
 * can be shown once the scan is complete). A ticker shows it as restic's text status lines or, with {@code --json},
 * as {@code status} messages — when something changed, at most once per interval, and at least once a second.
 *
 * <p>Events come from the archiver's threads and only touch atomic counters and a concurrent set, so a backup
 * without a ticker (not a terminal, no JSON) pays next to nothing; the scanner only runs when progress is shown.
 */
public final class BackupProgress implements AutoCloseable {
    private static final long SECOND = 1_000_000_000L;

    private final Printer printer;
    private final long startedNanos;
    private final StatusLines lines;
    private final Scanner scanner;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Set<String> current = ConcurrentHashMap.newKeySet();
    /** Bumped by every event: a tick with nothing new redraws only once a second. */
    private final AtomicLong changes = new AtomicLong();
    private final Ticker ticker;
    /** Nothing is shown before this completes, and nothing at all if it fails (the backup's lock was lost). */
    private volatile CompletableFuture<?> shownFrom = CompletableFuture.completedFuture(null);

    private long shownChanges = -1;
    private long shownNanos;
    private long etaNanos;
    private long etaSeconds;

    private BackupProgress(Printer printer, long startedNanos, StatusLines lines, Scanner scanner, long intervalNanos) {
        this.printer = printer;
        this.startedNanos = startedNanos;
        this.lines = lines;
        this.scanner = scanner;
        this.ticker = Ticker.every(intervalNanos, "backup-progress", this::tick);
    }

    /**
     * Starts showing progress as restic decides (see {@link RefreshInterval}); text status lines go to stdout, in
     * place on a terminal. {@code scanner} starts the totals scan, or is null (a stream backup has no totals).
     */
    public static BackupProgress start(Printer printer, String fps, long startedNanos, Supplier<Scanner> scanner) {
        long interval = RefreshInterval.nanos(fps, !printer.quiet(), printer.json(), printer.terminal());
        if (interval == 0) return new BackupProgress(printer, startedNanos, null, null, 0);
        StatusLines lines = printer.json() ? null : printer.showStatus();
        return new BackupProgress(printer, startedNanos, lines, scanner == null ? null : scanner.get(), interval);
    }

    /** For tests: a progress drawing on {@code lines} (or JSON if null), without ticker, ticked by hand. */
    static BackupProgress manual(Printer printer, long startedNanos, StatusLines lines, Scanner scanner) {
        return new BackupProgress(printer, startedNanos, lines, scanner, 0);
    }

    /** Counts from now on but shows nothing until {@code confirmation} has completed without failure. */
    public void showFrom(CompletableFuture<?> confirmation) {
        shownFrom = confirmation;
    }

    public void fileStarted(String item) {
        current.add(item);
        changes.incrementAndGet();
    }

    /** A file was processed; {@code reused} bytes (unchanged files) count as done at once. */
    public void fileDone(String item, long reused) {
        files.incrementAndGet();
        if (reused > 0) bytes.addAndGet(reused);
        current.remove(item);
        changes.incrementAndGet();
    }

    public void bytesRead(long n) {
        bytes.addAndGet(n);
        changes.incrementAndGet();
    }

    public void error(String item) {
        errors.incrementAndGet();
        current.remove(item);
        changes.incrementAndGet();
    }

    /** One tick: recomputes the ETA once a second (as restic), and shows the status if it changed or a second passed. */
    synchronized void tick() {
        long now = System.nanoTime();
        long seen = changes.get();
        if (seen == 0) return; // restic shows nothing before the first event
        CompletableFuture<?> from = shownFrom;
        if (!from.isDone() || from.isCompletedExceptionally()) return;
        boolean aSecond = now - shownNanos >= SECOND;
        if (now - etaNanos >= SECOND) {
            etaNanos = now;
            etaSeconds = eta(now);
        }
        if (seen == shownChanges && !aSecond) return;
        shownChanges = seen;
        shownNanos = now;
        if (lines != null) lines.set(textLines(now));
        else printer.jsonLine(json(now, false));
    }

    /** restic's estimate: whole seconds elapsed scaled by the bytes left, once the scan is complete; 0 if unknown. */
    private long eta(long now) {
        long done = bytes.get();
        if (scanner == null || !scanner.done() || done <= 0) return 0;
        long left = scanner.bytes() - done;
        if (left <= 0) return 0;
        long elapsed = (now - startedNanos) / SECOND;
        return (long) ((double) elapsed / done * left);
    }

    List<String> textLines(long now) {
        long totalFiles = scanner == null ? 0 : scanner.files();
        long totalBytes = scanner == null ? 0 : scanner.bytes();
        return ProgressText.backup((now - startedNanos) / SECOND, files.get(), bytes.get(), totalFiles, totalBytes,
                errors.get(), etaSeconds, current);
    }

    /**
     * restic's {@code status} message: zero fields left out, {@code percent_done} always there. The final one
     * ({@code finished}) says 100 % and lists no files.
     */
    byte[] json(long now, boolean finished) {
        long elapsed = (now - startedNanos) / SECOND;
        long totalFiles = scanner == null ? 0 : scanner.files();
        long totalBytes = scanner == null ? 0 : scanner.bytes();
        long done = bytes.get();
        double percent = finished ? 1.0 : totalBytes > 0 ? (double) done / totalBytes : 0.0;
        JsonWriter w = new JsonWriter().beginObject().name("message_type").value("status");
        if (elapsed > 0) w.name("seconds_elapsed").value(elapsed);
        if (!finished && etaSeconds > 0) w.name("seconds_remaining").value(etaSeconds);
        w.name("percent_done").value(percent);
        if (totalFiles > 0) w.name("total_files").value(totalFiles);
        if (files.get() > 0) w.name("files_done").value(files.get());
        if (totalBytes > 0) w.name("total_bytes").value(totalBytes);
        if (done > 0) w.name("bytes_done").value(done);
        if (errors.get() > 0) w.name("error_count").value(errors.get());
        if (!finished && !current.isEmpty()) {
            List<String> names = new ArrayList<>(current);
            names.sort(null);
            w.name("current_files").beginArray();
            for (String n : names) w.value(n);
            w.endArray();
        }
        return w.endObject().toByteArray();
    }

    /** Stops the ticker and erases the status lines, before the summary is printed. */
    @Override
    public void close() {
        if (ticker != null) ticker.close();
        if (lines != null) printer.hideStatus(lines);
    }

    /** The last {@code status} message of a JSON run (not with --quiet). */
    public void finalStatus() {
        close();
        if (printer.json() && !printer.quiet()) printer.jsonLine(json(System.nanoTime(), true));
    }
}

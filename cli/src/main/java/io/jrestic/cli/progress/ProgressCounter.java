package io.jrestic.cli.progress;

import io.jrestic.cli.Printer;
import io.jrestic.fs.Terminal;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * restic's progress counter for check, prune and copy: "[0:02] 45.00%  9 / 20 packs", or "[0:02]          9 packs"
 * while the maximum is unknown. On a terminal it is redrawn in place ({@code ESC[2K} ... {@code \r}) every
 * interval; the final state is printed when done on any output, followed by an empty line, as restic 0.14 does —
 * so a non-terminal sees only that one line. Nothing at all with --quiet or --json (restic 0.14's check and prune
 * have no JSON output; jrestic's must stay parseable).
 */
public final class ProgressCounter implements AutoCloseable {
    private static final ProgressCounter NONE = new ProgressCounter(null, false, () -> 0, 0, "", 0);

    private final PrintStream out;
    private final boolean inPlace;
    private final IntSupplier columns;
    private final String description;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong value = new AtomicLong();
    private volatile long max;
    private final Ticker ticker;
    private boolean done;

    private ProgressCounter(PrintStream out, boolean inPlace, IntSupplier columns, long max, String description,
                            long intervalNanos) {
        this.out = out;
        this.inPlace = inPlace;
        this.columns = columns;
        this.max = max;
        this.description = description;
        this.ticker = out == null ? null : Ticker.every(intervalNanos, "progress-" + description, () -> report(false));
    }

    /** A counter on {@code printer}'s stdout, redrawn as restic decides ({@code fps}: RESTIC_PROGRESS_FPS or null). */
    public static ProgressCounter start(Printer printer, String fps, long max, String description) {
        if (printer.quiet() || printer.json()) return NONE;
        boolean terminal = printer.terminal();
        return new ProgressCounter(printer.out(), terminal, terminal ? () -> Terminal.columns(1) : () -> 0,
                max, description, RefreshInterval.nanos(fps, true, false, terminal));
    }

    /** A counter writing to {@code out}, for tests. */
    static ProgressCounter on(PrintStream out, boolean inPlace, int columns, long max, String description, long intervalNanos) {
        return new ProgressCounter(out, inPlace, () -> columns, max, description, intervalNanos);
    }

    public void add(long n) {
        value.addAndGet(n);
    }

    public void setMax(long max) {
        this.max = max;
    }

    /** Stops the redraws and prints the final state (idempotent). */
    public void done() {
        if (out == null) return;
        if (ticker != null) ticker.close();
        report(true);
    }

    @Override
    public void close() {
        done();
    }

    private synchronized void report(boolean last) {
        if (done) return;
        done = last;
        long elapsed = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        String status = ProgressText.counter(elapsed, value.get(), max, description);
        int width = columns.getAsInt();
        if (width > 0) {
            if (width < 3) {
                status = ProgressText.truncate(status, width);
            } else {
                String cut = ProgressText.truncate(status, width - 3);
                if (cut.length() < status.length()) status = cut + "...";
            }
        }
        StringBuilder b = new StringBuilder();
        if (inPlace) b.append("\u001b[2K");
        b.append(status).append(inPlace ? '\r' : '\n');
        if (last) b.append('\n');
        out.print(b);
        out.flush();
    }
}

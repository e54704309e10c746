package io.jrestic.cli.progress;

import io.jrestic.cli.Printer;

/**
 * restic's counters for a command made of steps (prune): one {@link ProgressCounter} at a time, the previous one
 * finished when the next step starts. A step whose items the engine does not report one by one ends full.
 */
public final class CounterSequence {
    private final Printer printer;
    private final String fps;
    private ProgressCounter current;
    private long currentMax;
    private boolean endsFull;

    /** @param fps {@code RESTIC_PROGRESS_FPS}, or null */
    public CounterSequence(Printer printer, String fps) {
        this.printer = printer;
        this.fps = fps;
    }

    /** Finishes the current counter and starts one for {@code max} items. */
    public synchronized void start(long max, String description, boolean endsFull) {
        finish();
        current = ProgressCounter.start(printer, fps, max, description);
        currentMax = max;
        this.endsFull = endsFull;
    }

    public synchronized void add(long n) {
        if (current != null) current.add(n);
    }

    /** Prints the current counter's final state, if there is one. */
    public synchronized void finish() {
        if (current == null) return;
        if (endsFull) current.add(currentMax);
        current.done();
        current = null;
    }
}

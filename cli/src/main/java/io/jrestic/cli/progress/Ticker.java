package io.jrestic.cli.progress;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a redraw at a fixed interval on one daemon thread, until closed; closing waits for a redraw under way. */
final class Ticker implements AutoCloseable {
    private final ScheduledExecutorService executor;

    private Ticker(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts ticking every {@code intervalNanos}; null if the interval is 0 (no periodic redraw). */
    static Ticker every(long intervalNanos, String name, Runnable redraw) {
        if (intervalNanos <= 0) return null;
        ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        e.scheduleAtFixedRate(() -> {
            try {
                redraw.run();
            } catch (RuntimeException ex) {
                // a failed redraw must not stop the next ones (nor the command)
            }
        }, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        return new Ticker(e);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

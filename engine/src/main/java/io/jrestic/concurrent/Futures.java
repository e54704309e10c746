package io.jrestic.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for background work with I/O semantics: the task's own exception comes back, not a wrapper. */
public final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code f}; a task that failed with an {@link IOException} (or an {@link UncheckedIOException})
     * rethrows that exception, runtime exceptions and errors are rethrown as they are, and an interrupt becomes an
     * {@link InterruptedIOException} with the thread's interrupt flag set again.
     */
    public static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }
}

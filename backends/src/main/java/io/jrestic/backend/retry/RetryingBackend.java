package io.jrestic.backend.retry;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A backend that retries its delegate's transient failures (network errors, timeouts, server errors) according to
 * a {@link RetryPolicy}. Missing, existing and forbidden files and {@link PermanentBackendException}s fail at once,
 * as does everything once the thread is interrupted; runtime exceptions are never retried.
 *
 * <p>What is retried: every call as a whole. A save re-opens its {@link ByteSource} on each attempt. An
 * {@link #openRange} retries the open, not reads from the returned stream; {@link #load} and {@link #loadRange}
 * retry the whole read. A listing that fails part way is repeated without handing the consumer a file twice.
 */
public final class RetryingBackend implements Backend {

    /** Told before each wait, e.g. to print restic's "… returned error, retrying after …" line. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (operation, failedAttempts, delay, cause) -> { };

        void retrying(String operation, int failedAttempts, Duration delay, IOException cause);
    }

    private final Backend delegate;
    private final RetryPolicy policy;
    private final Listener listener;

    public RetryingBackend(Backend delegate, RetryPolicy policy) {
        this(delegate, policy, Listener.NONE);
    }

    public RetryingBackend(Backend delegate, RetryPolicy policy, Listener listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The same retrying (policy and listener) around {@code decorator} applied to the backend this one retries. For
     * decorators that act on the bytes of each attempt, such as a rate limit: inside the retrying, a {@link #load}
     * that fails part way through the decorated stream is still retried as a whole.
     */
    public RetryingBackend wrapDelegate(UnaryOperator<Backend> decorator) {
        return new RetryingBackend(decorator.apply(delegate), policy, listener);
    }

    /**
     * True if retrying {@code e} might help: no cause in its chain is a permanent kind of failure. (Timeouts are
     * transient even though {@link java.net.SocketTimeoutException} is an {@link InterruptedIOException}; a real
     * interruption is recognised by the thread's interrupt flag instead.)
     */
    public static boolean isTransient(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchFileException || t instanceof FileAlreadyExistsException
                    || t instanceof AccessDeniedException || t instanceof PermanentBackendException) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public int connections() {
        return delegate.connections();
    }

    @Override
    public void create() throws IOException {
        retry("create", () -> {
            delegate.create();
            return null;
        });
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        boolean[] failedBefore = {false};
        retry("save " + handle, () -> {
            try {
                delegate.save(handle, content);
            } catch (FileAlreadyExistsException e) {
                // An attempt that "failed" (say, its response was lost) may have stored the file after all.
                if (!failedBefore[0] || !alreadySaved(handle, content)) throw e;
            } catch (IOException e) {
                failedBefore[0] = true;
                throw e;
            }
            return null;
        });
    }

    /**
     * True if the existing file is {@code content}. Names other than config are content hashes, so an equal size
     * suffices and spares downloading a pack; the small config file is compared byte for byte.
     */
    private boolean alreadySaved(FileHandle handle, ByteSource content) {
        try {
            if (handle.type() == FileType.CONFIG) {
                byte[] expected;
                try (InputStream in = content.open()) {
                    expected = in.readAllBytes();
                }
                return Arrays.equals(delegate.load(handle), expected);
            }
            return delegate.stat(handle).size() == content.length();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        return retry("open " + handle + " at " + offset, () -> delegate.openRange(handle, offset, length));
    }

    @Override
    public byte[] load(FileHandle handle) throws IOException {
        return retry("load " + handle, () -> delegate.load(handle));
    }

    @Override
    public byte[] loadRange(FileHandle handle, long offset, int length) throws IOException {
        return retry("load " + handle + " at " + offset, () -> delegate.loadRange(handle, offset, length));
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        return retry("stat " + handle, () -> delegate.stat(handle));
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        retry("remove " + handle, () -> {
            delegate.remove(handle);
            return null;
        });
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        // Remembers what was handed out, so a repeated listing skips it: memory grows with the listing.
        Set<String> delivered = new HashSet<>();
        retry("list " + type.cliName(), () -> {
            delegate.list(type, info -> {
                if (delivered.add(info.handle().name())) consumer.accept(info);
            });
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T retry(String operation, Call<T> call) throws IOException {
        IOException first = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (IOException e) {
                if (first == null) first = e;
                else if (first != e) e.addSuppressed(first); // keep the first cause when a later one differs
                if (attempt >= policy.maxAttempts() || !isTransient(e) || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                Duration delay = policy.delay(attempt, ThreadLocalRandom.current().nextDouble());
                listener.retrying(delegate.location() + ": " + operation, attempt, delay, e);
                sleep(delay, operation, e);
            }
        }
    }

    private static void sleep(Duration delay, String operation, IOException cause) throws InterruptedIOException {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            InterruptedIOException e = new InterruptedIOException("interrupted while waiting to retry " + operation);
            e.addSuppressed(cause);
            throw e;
        }
    }
}

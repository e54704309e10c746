package io.jrestic.backend.limit;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.ForwardingBackend;
import io.jrestic.backend.retry.RetryingBackend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A backend whose file contents pass through rate limiters, restic's {@code --limit-upload} and
 * {@code --limit-download}: the bytes of {@link #save} through the upload limiter, those of {@link #openRange},
 * {@link #load} and {@link #loadRange} through the download limiter, in pieces as they flow. Listing, stat and the
 * other calls are not limited (restic limits file contents only). A null limiter means that direction is unlimited
 * and its calls go to the delegate untouched. Thread-safe: all threads share each limiter's rate.
 */
public final class RateLimitedBackend extends ForwardingBackend {
    private final RateLimiter upload;
    private final RateLimiter download;

    /** Limits {@code delegate}'s uploads to {@code upload} and its downloads to {@code download}; null: unlimited. */
    public RateLimitedBackend(Backend delegate, RateLimiter upload, RateLimiter download) {
        super(Objects.requireNonNull(delegate, "delegate"));
        this.upload = upload;
        this.download = download;
    }

    /**
     * {@code backend} with its uploads and downloads limited to the given rates, 0 meaning unlimited; the backend
     * itself when both are 0. The limit goes inside a {@link RetryingBackend}, as restic's limits sit in the HTTP
     * transport below its retries: a load that fails part way is then still retried as a whole.
     *
     * @throws IllegalArgumentException if a rate is negative
     */
    public static Backend limit(Backend backend, long uploadBytesPerSecond, long downloadBytesPerSecond) {
        RateLimiter upload = limiter("upload", uploadBytesPerSecond);
        RateLimiter download = limiter("download", downloadBytesPerSecond);
        if (upload == null && download == null) return backend;
        if (backend instanceof RetryingBackend retrying) {
            return retrying.wrapDelegate(inner -> new RateLimitedBackend(inner, upload, download));
        }
        return new RateLimitedBackend(backend, upload, download);
    }

    private static RateLimiter limiter(String direction, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative " + direction + " rate: " + bytesPerSecond + " bytes/s");
        }
        return bytesPerSecond == 0 ? null : new RateLimiter(bytesPerSecond);
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        delegate.save(handle, upload == null ? content : new LimitedSource(content, upload));
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        InputStream in = delegate.openRange(handle, offset, length);
        return download == null ? in : new LimitedInputStream(in, download);
    }

    @Override
    public byte[] load(FileHandle handle) throws IOException {
        // Limited, it reads through this openRange (Backend's default), so the bytes flow at the rate.
        return download == null ? delegate.load(handle) : super.load(handle);
    }

    @Override
    public byte[] loadRange(FileHandle handle, long offset, int length) throws IOException {
        return download == null ? delegate.loadRange(handle, offset, length)
                : super.loadRange(handle, offset, length);
    }

    @Override
    public void listConfig(Consumer<FileInfo> consumer) throws IOException {
        delegate.listConfig(consumer);
    }

    @Override
    public boolean exists() throws IOException {
        return delegate.exists();
    }

    @Override
    public boolean exists(FileHandle handle) throws IOException {
        return delegate.exists(handle);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    /** The bytes of an upload, read or written through the limiter. */
    private record LimitedSource(ByteSource source, RateLimiter limiter) implements ByteSource {
        @Override
        public long length() {
            return source.length();
        }

        @Override
        public InputStream open() throws IOException {
            return new LimitedInputStream(source.open(), limiter);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            source.writeTo(new LimitedOutputStream(out, limiter));
        }

        @Override
        public byte[] md5() {
            return source.md5();
        }

        /** The source itself: a backend hashing the bytes before the upload is not sending them. */
        @Override
        public ByteSource forChecksum() {
            return source.forChecksum();
        }

        /** None: a local backend would link the file into place, and its bytes would pass no limiter. */
        @Override
        public Path file() {
            return null;
        }
    }
}

package io.jrestic.backend.limit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Reads in pieces of at most {@link RateLimiter#pieceSize()} bytes, each paid for to the limiter once read. */
final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private final RateLimiter limiter;

    LimitedInputStream(InputStream in, RateLimiter limiter) {
        this.in = Objects.requireNonNull(in, "in");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) limiter.acquire(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        int n = in.read(b, off, Math.min(len, limiter.pieceSize()));
        if (n > 0) limiter.acquire(n);
        return n;
    }

    // skip is InputStream's, which reads: skipped bytes of a download have crossed the network too.

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

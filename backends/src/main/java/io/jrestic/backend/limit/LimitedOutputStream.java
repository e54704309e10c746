package io.jrestic.backend.limit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** Writes in pieces of at most {@link RateLimiter#pieceSize()} bytes, each paid for to the limiter first. */
final class LimitedOutputStream extends OutputStream {
    private final OutputStream out;
    private final RateLimiter limiter;

    LimitedOutputStream(OutputStream out, RateLimiter limiter) {
        this.out = Objects.requireNonNull(out, "out");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public void write(int b) throws IOException {
        limiter.acquire(1);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            int piece = Math.min(len, limiter.pieceSize());
            limiter.acquire(piece);
            out.write(b, off, piece);
            off += piece;
            len -= piece;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

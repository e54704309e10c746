package io.jrestic.backend;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body that must yield exactly {@code length} bytes: ending early is an {@link EOFException} naming the
 * object, never a short stream, because callers decrypt what they get. Closing before the end runs
 * {@code abort} so the connection is dropped rather than drained.
 */
public final class ExactLengthInputStream extends FilterInputStream {
    private final String what;
    private final Runnable abort;
    private long remaining;

    public ExactLengthInputStream(InputStream body, long length, String what, Runnable abort) {
        super(body);
        this.remaining = length;
        this.what = what;
        this.abort = abort;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) return -1;
        if (length == 0) return 0;
        int n = super.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) throw new EOFException(what + ": the response ended " + remaining + " bytes early");
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.max(0, Math.min(n, remaining)));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (remaining > 0) abort.run();
        super.close();
    }
}

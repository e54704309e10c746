package io.jrestic.backend.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The content of a save as the HTTP client reads it: exactly the length announced in {@code Content-Length}, and
 * content that turns out shorter or longer is an error, not an early end. The JDK's client, given a body that just
 * ends early, fails the request but sometimes keeps the connection open, and a server that writes uploads in place
 * (rclone) then keeps the partial file; a failing read makes the client drop the connection, which the server
 * takes as the end of the upload.
 */
final class UploadBody extends FilterInputStream {
    private final String what;
    private long remaining;

    UploadBody(InputStream content, long length, String what) {
        super(content);
        this.remaining = length;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            if (super.read() >= 0) throw new IOException(what + ": the content is longer than its announced length");
            return -1;
        }
        if (length == 0) return 0;
        int n = super.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new IOException(what + ": the content ended " + remaining + " bytes before its announced length");
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // the client never skips a request body; counting skipped bytes is not worth the code
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}

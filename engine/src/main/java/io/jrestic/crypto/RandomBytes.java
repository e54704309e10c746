package io.jrestic.crypto;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Fresh random bytes for IVs: the kernel's generator ({@code /dev/urandom}) read a block at a time into a buffer
 * per thread, as Go's {@code crypto/rand} serves restic. Every sealed blob needs a 16-byte IV; the JDK's default
 * {@link SecureRandom} (NativePRNG) takes a process-wide lock and mixes each request with SHA-1, and the JIT spent
 * a quarter of a second of a backup compiling that path (twice: it was deoptimised once the workers contended).
 * Falls back to {@link SecureRandom} where {@code /dev/urandom} cannot be read. Thread-safe.
 */
final class RandomBytes {
    /** Bytes fetched per refill: 256 IVs. */
    static final int BLOCK = 4096;

    private static final InputStream URANDOM = openUrandom();
    private static final SecureRandom FALLBACK = new SecureRandom();
    private static final ThreadLocal<Block> BLOCKS = ThreadLocal.withInitial(Block::new);

    private RandomBytes() {
    }

    /** Fills {@code out} with bytes no caller has seen before. */
    static void nextBytes(byte[] out) {
        BLOCKS.get().take(out);
    }

    private static final class Block {
        private final byte[] bytes = new byte[BLOCK];
        /** {@code bytes[next, BLOCK)} are unused; they are handed out once and then overwritten by a refill. */
        private int next = BLOCK;

        void take(byte[] out) {
            int done = 0;
            while (done < out.length) {
                if (next == BLOCK) refill();
                int n = Math.min(out.length - done, BLOCK - next);
                System.arraycopy(bytes, next, out, done, n);
                next += n;
                done += n;
            }
        }

        private void refill() {
            if (URANDOM == null || !readFully(bytes)) FALLBACK.nextBytes(bytes);
            next = 0;
        }
    }

    /** A plain stream, not a FileChannel: a channel is closed for every thread when one reader is interrupted. */
    private static InputStream openUrandom() {
        try {
            return new FileInputStream("/dev/urandom");
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static boolean readFully(byte[] b) {
        try {
            return URANDOM.readNBytes(b, 0, b.length) == b.length;
        } catch (IOException e) {
            return false;
        }
    }
}

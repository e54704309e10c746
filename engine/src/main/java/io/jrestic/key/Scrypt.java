package io.jrestic.key;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * scrypt (RFC 7914), written for the start-up of a short command: opening a repository derives one key.
 *
 * <ul>
 *   <li>BlockMix keeps the Salsa20/8 state in sixteen locals across the 2r blocks of a step, in one method that
 *       the JIT compiles early among its 2N calls per lane.</li>
 *   <li>The p lanes are independent; with p &gt; 1 (restic picks p by benchmarking the machine, so its keys often
 *       have p = 2..9) they run on up to one thread per processor instead of one after another.</li>
 *   <li>Each thread allocates its table V (128·r·N bytes, 32 MiB for restic's usual N = 2^15, r = 8) once for
 *       all its lanes, where BouncyCastle allocated one per lane. V stays an int[] on the heap: an off-heap
 *       table was measured to cost about 0.1 s more CPU, the JIT compiling the memory-segment copies.</li>
 * </ul>
 */
final class Scrypt {
    private Scrypt() {
    }

    /** scrypt(password, salt, n, r, p) of {@code length} bytes; the parameters are valid ({@link KdfParams}). */
    static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int length) {
        int laneBytes = 128 * r;
        byte[] b = pbkdf2Sha256(password, salt, (long) p * laneBytes);
        int threads = Math.min(p, Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            mixLanes(b, n, r, 0, p, 1);
        } else {
            List<Thread> workers = new ArrayList<>(threads - 1);
            Throwable[] failure = new Throwable[1];
            for (int t = 1; t < threads; t++) {
                int first = t;
                workers.add(Thread.ofPlatform().name("scrypt-" + t).start(() -> {
                    try {
                        mixLanes(b, n, r, first, p, threads);
                    } catch (RuntimeException | OutOfMemoryError e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    }
                }));
            }
            mixLanes(b, n, r, 0, p, threads);
            boolean interrupted = false;
            for (Thread w : workers) {
                while (true) {
                    try {
                        w.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // the lanes must finish before b is read; keep the interrupt
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            synchronized (failure) {
                // as they were: an OutOfMemoryError (a table that does not fit the heap) is reported as one
                if (failure[0] instanceof RuntimeException e) throw e;
                if (failure[0] instanceof OutOfMemoryError e) throw e;
            }
        }
        byte[] key = pbkdf2Sha256(password, b, length);
        Arrays.fill(b, (byte) 0);
        return key;
    }

    /** Runs ROMix on lanes first, first + stride, … of b, in place, with one table V for all of them. */
    private static void mixLanes(byte[] b, int n, int r, int first, int p, int stride) {
        int words = 32 * r;
        int[] x = new int[words];
        int[] y = new int[words];
        try {
            int[] v = new int[n * words];
            for (int lane = first; lane < p; lane += stride) {
                int offset = lane * words * Integer.BYTES;
                for (int i = 0; i < words; i++) x[i] = littleEndianInt(b, offset + 4 * i);
                roMix(x, y, v, n, r);
                for (int i = 0; i < words; i++) putLittleEndianInt(b, offset + 4 * i, x[i]);
            }
        } finally {
            Arrays.fill(x, 0);
            Arrays.fill(y, 0);
        }
    }

    /** RFC 7914 §5 scryptROMix on x (32·r words), using y as scratch and v as the table of n entries. */
    private static void roMix(int[] x, int[] y, int[] v, int n, int r) {
        int words = x.length;
        for (int i = 0; i < n; i += 2) {
            System.arraycopy(x, 0, v, i * words, words);
            blockMix(x, y, r);
            System.arraycopy(y, 0, v, (i + 1) * words, words);
            blockMix(y, x, r);
        }
        int last = (2 * r - 1) * 16;
        int mask = n - 1;
        for (int i = 0; i < n; i += 2) {
            xorBlockMix(v, (x[last] & mask) * words, x, y, r);
            xorBlockMix(v, (y[last] & mask) * words, y, x, r);
        }
    }

    /** in ^= v[from…], then BlockMix of in into out. */
    private static void xorBlockMix(int[] v, int from, int[] in, int[] out, int r) {
        for (int k = 0; k < in.length; k++) in[k] ^= v[from + k];
        blockMix(in, out, r);
    }

    /**
     * RFC 7914 §4 scryptBlockMix of in (2r blocks of 16 words) into out: each block is XORed into the running
     * Salsa20/8 state, and the results go to out's even half (from even blocks) and odd half (from odd blocks).
     */
    static void blockMix(int[] in, int[] out, int r) {
        int last = (2 * r - 1) * 16;
        int x0 = in[last], x1 = in[last + 1], x2 = in[last + 2], x3 = in[last + 3];
        int x4 = in[last + 4], x5 = in[last + 5], x6 = in[last + 6], x7 = in[last + 7];
        int x8 = in[last + 8], x9 = in[last + 9], x10 = in[last + 10], x11 = in[last + 11];
        int x12 = in[last + 12], x13 = in[last + 13], x14 = in[last + 14], x15 = in[last + 15];
        for (int block = 0; block < 2 * r; block++) {
            int o = block * 16;
            int j0 = x0 ^= in[o], j1 = x1 ^= in[o + 1], j2 = x2 ^= in[o + 2], j3 = x3 ^= in[o + 3];
            int j4 = x4 ^= in[o + 4], j5 = x5 ^= in[o + 5], j6 = x6 ^= in[o + 6], j7 = x7 ^= in[o + 7];
            int j8 = x8 ^= in[o + 8], j9 = x9 ^= in[o + 9], j10 = x10 ^= in[o + 10], j11 = x11 ^= in[o + 11];
            int j12 = x12 ^= in[o + 12], j13 = x13 ^= in[o + 13], j14 = x14 ^= in[o + 14], j15 = x15 ^= in[o + 15];
            for (int round = 0; round < 8; round += 2) {
                // columns
                x4 ^= Integer.rotateLeft(x0 + x12, 7);
                x8 ^= Integer.rotateLeft(x4 + x0, 9);
                x12 ^= Integer.rotateLeft(x8 + x4, 13);
                x0 ^= Integer.rotateLeft(x12 + x8, 18);
                x9 ^= Integer.rotateLeft(x5 + x1, 7);
                x13 ^= Integer.rotateLeft(x9 + x5, 9);
                x1 ^= Integer.rotateLeft(x13 + x9, 13);
                x5 ^= Integer.rotateLeft(x1 + x13, 18);
                x14 ^= Integer.rotateLeft(x10 + x6, 7);
                x2 ^= Integer.rotateLeft(x14 + x10, 9);
                x6 ^= Integer.rotateLeft(x2 + x14, 13);
                x10 ^= Integer.rotateLeft(x6 + x2, 18);
                x3 ^= Integer.rotateLeft(x15 + x11, 7);
                x7 ^= Integer.rotateLeft(x3 + x15, 9);
                x11 ^= Integer.rotateLeft(x7 + x3, 13);
                x15 ^= Integer.rotateLeft(x11 + x7, 18);
                // rows
                x1 ^= Integer.rotateLeft(x0 + x3, 7);
                x2 ^= Integer.rotateLeft(x1 + x0, 9);
                x3 ^= Integer.rotateLeft(x2 + x1, 13);
                x0 ^= Integer.rotateLeft(x3 + x2, 18);
                x6 ^= Integer.rotateLeft(x5 + x4, 7);
                x7 ^= Integer.rotateLeft(x6 + x5, 9);
                x4 ^= Integer.rotateLeft(x7 + x6, 13);
                x5 ^= Integer.rotateLeft(x4 + x7, 18);
                x11 ^= Integer.rotateLeft(x10 + x9, 7);
                x8 ^= Integer.rotateLeft(x11 + x10, 9);
                x9 ^= Integer.rotateLeft(x8 + x11, 13);
                x10 ^= Integer.rotateLeft(x9 + x8, 18);
                x12 ^= Integer.rotateLeft(x15 + x14, 7);
                x13 ^= Integer.rotateLeft(x12 + x15, 9);
                x14 ^= Integer.rotateLeft(x13 + x12, 13);
                x15 ^= Integer.rotateLeft(x14 + x13, 18);
            }
            x0 += j0; x1 += j1; x2 += j2; x3 += j3; x4 += j4; x5 += j5; x6 += j6; x7 += j7;
            x8 += j8; x9 += j9; x10 += j10; x11 += j11; x12 += j12; x13 += j13; x14 += j14; x15 += j15;
            int d = ((block >> 1) + (block & 1) * r) * 16;
            out[d] = x0; out[d + 1] = x1; out[d + 2] = x2; out[d + 3] = x3;
            out[d + 4] = x4; out[d + 5] = x5; out[d + 6] = x6; out[d + 7] = x7;
            out[d + 8] = x8; out[d + 9] = x9; out[d + 10] = x10; out[d + 11] = x11;
            out[d + 12] = x12; out[d + 13] = x13; out[d + 14] = x14; out[d + 15] = x15;
        }
    }

    /** PBKDF2-HMAC-SHA256 with one iteration (all scrypt uses), of {@code length} bytes. */
    static byte[] pbkdf2Sha256(byte[] password, byte[] salt, long length) {
        if (length > Integer.MAX_VALUE - 32) throw new IllegalArgumentException("scrypt: output too long");
        MessageDigest sha = sha256();
        byte[] key = password.length > 64 ? sha.digest(password) : password;
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        byte[] out = new byte[(int) length];
        byte[] counter = new byte[4];
        for (int block = 1, done = 0; done < length; block++, done += 32) {
            counter[0] = (byte) (block >>> 24);
            counter[1] = (byte) (block >>> 16);
            counter[2] = (byte) (block >>> 8);
            counter[3] = (byte) block;
            sha.update(inner);
            sha.update(salt);
            sha.update(counter);
            byte[] innerHash = sha.digest();
            sha.update(outer);
            sha.update(innerHash);
            byte[] u = sha.digest();
            System.arraycopy(u, 0, out, done, (int) Math.min(32, length - done));
        }
        Arrays.fill(inner, (byte) 0);
        Arrays.fill(outer, (byte) 0);
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static int littleEndianInt(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static void putLittleEndianInt(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}

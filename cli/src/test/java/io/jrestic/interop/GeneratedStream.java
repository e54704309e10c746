package io.jrestic.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A long deterministic byte stream, produced block by block so it never sits in memory or on disk: three random
 * MiB (incompressible, chunked at content-defined cut points) then one MiB of text (compressible), repeated.
 */
final class GeneratedStream {
    private static final int BLOCK = 1 << 20;

    private GeneratedStream() {
    }

    /** Writes {@code length} bytes of stream {@code seed} to {@code out} and returns their SHA-256 (hex). */
    static String write(OutputStream out, long seed, long length) throws IOException {
        MessageDigest md = TreeComparison.sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[BLOCK];
        for (long done = 0, index = 0; done < length; index++) {
            fill(block, random, index);
            int n = (int) Math.min(BLOCK, length - done);
            md.update(block, 0, n);
            out.write(block, 0, n);
            done += n;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void fill(byte[] block, SplittableRandom random, long index) {
        if (index % 4 != 3) {
            random.nextBytes(block);
            return;
        }
        byte[] line = ("block " + index + ": a line of compressible text for zstd to squeeze\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < block.length; i++) block[i] = line[i % line.length];
    }

    /** The digest of stream {@code seed} without writing it anywhere. */
    static String sha256(long seed, long length) throws IOException {
        return write(OutputStream.nullOutputStream(), seed, length);
    }
}

package io.jrestic.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Deterministic benchmark inputs (issue 3), the same bytes on every machine for a given seed:
 * <ul>
 *   <li>{@code stream BYTES [SEED]}: a dump-like stream to stdout, 56% SQL-ish text rows and 44% random bytes,
 *       in interleaved runs the way a database dump mixes tables and blobs;</li>
 *   <li>{@code tree DIR SCALE [SEED]}: at scale 1.0, 50,000 files of 1–64 KiB (15% exact duplicates of earlier
 *       files) in 500 directories plus fifteen 100 MiB files (mixed text and random);</li>
 *   <li>{@code mutate DIR PERCENT [SEED]}: rewrites a deterministic PERCENT of the files of a tree (an
 *       incremental-backup input) and changes their mtime. A changed file is written anew and renamed over the
 *       old name, so a hard-linked copy of the tree keeps the original;</li>
 *   <li>{@code mutate-stream PERCENT [SEED]}: copies stdin to stdout and changes one byte in a deterministic
 *       PERCENT of its 1 MiB regions (the stream of an incremental dump).</li>
 * </ul>
 */
public final class Datasets {
    private static final int RUN = 256 * 1024;

    private Datasets() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Datasets stream BYTES [SEED] | tree DIR SCALE [SEED] | mutate DIR PERCENT [SEED]"
                    + " | mutate-stream PERCENT [SEED] < IN > OUT");
            System.exit(2);
        }
        switch (args[0]) {
            case "stream" -> {
                try (OutputStream out = new BufferedOutputStream(System.out, 1 << 20)) {
                    stream(out, Long.parseLong(args[1]), new SplittableRandom(seed(args, 2)));
                }
            }
            case "tree" -> tree(Path.of(args[1]), Double.parseDouble(args[2]), new SplittableRandom(seed(args, 3)));
            case "mutate" -> mutate(Path.of(args[1]), Double.parseDouble(args[2]), new SplittableRandom(seed(args, 3)));
            case "mutate-stream" -> {
                try (OutputStream out = new BufferedOutputStream(System.out, 1 << 20)) {
                    mutateStream(System.in, out, Double.parseDouble(args[1]), new SplittableRandom(seed(args, 2)));
                }
            }
            default -> {
                System.err.println("unknown dataset " + args[0]);
                System.exit(2);
            }
        }
    }

    private static long seed(String[] args, int i) {
        return args.length > i ? Long.parseLong(args[i]) : 20261124L;
    }

    /** Writes {@code total} bytes: runs of text (56%) and random bytes (44%). */
    static void stream(OutputStream out, long total, SplittableRandom rnd) throws IOException {
        byte[] buf = new byte[RUN];
        long written = 0;
        long row = 0;
        while (written < total) {
            int n = (int) Math.min(RUN, total - written);
            if (rnd.nextInt(100) < 56) {
                row = textRows(buf, n, rnd, row);
            } else {
                rnd.nextBytes(buf);
            }
            out.write(buf, 0, n);
            written += n;
        }
    }

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

    /** Fills {@code n} bytes with INSERT-like rows; returns the next row number. */
    private static long textRows(byte[] buf, int n, SplittableRandom rnd, long row) {
        StringBuilder sb = new StringBuilder(n + 200);
        while (sb.length() < n) {
            sb.append("INSERT INTO accounts VALUES (").append(row++).append(", '")
              .append(WORDS[rnd.nextInt(WORDS.length)]).append(' ').append(WORDS[rnd.nextInt(WORDS.length)])
              .append("', ").append(rnd.nextInt(1_000_000)).append(", '2026-").append(1 + rnd.nextInt(12))
              .append('-').append(1 + rnd.nextInt(28)).append("', ").append(rnd.nextBoolean()).append(");\n");
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, buf, 0, n);
        return row;
    }

    static void tree(Path dir, double scale, SplittableRandom rnd) throws IOException {
        int files = (int) Math.round(50_000 * scale);
        int bigFiles = Math.max(1, (int) Math.round(15 * scale));
        long bigSize = 100L << 20;
        Files.createDirectories(dir);
        byte[][] recent = new byte[64][];
        for (int i = 0; i < files; i++) {
            Path sub = dir.resolve("d" + (i % 500));
            Files.createDirectories(sub);
            byte[] content;
            if (i > 100 && rnd.nextInt(100) < 15 && recent[i % 64] != null) {
                content = recent[rnd.nextInt(64)]; // an exact duplicate of an earlier file
                if (content == null) content = recent[i % 64];
            } else {
                content = new byte[1024 + rnd.nextInt(63 * 1024)];
                if (rnd.nextBoolean()) textRows(content, content.length, rnd, i * 1000L);
                else rnd.nextBytes(content);
                recent[i % 64] = content;
            }
            Files.write(sub.resolve("f" + i + ".dat"), content);
        }
        Path big = dir.resolve("big");
        Files.createDirectories(big);
        for (int i = 0; i < bigFiles; i++) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big.resolve("big" + i + ".bin")), 1 << 20)) {
                stream(out, bigSize, rnd.split());
            }
        }
    }

    /** Copies {@code in} to {@code out}, flipping one byte in about {@code percent}% of the 1 MiB regions. */
    static void mutateStream(java.io.InputStream in, OutputStream out, double percent, SplittableRandom rnd) throws IOException {
        byte[] region = new byte[1 << 20];
        while (true) {
            int n = in.readNBytes(region, 0, region.length);
            if (n == 0) break;
            if (rnd.nextDouble() * 100 < percent) region[rnd.nextInt(n)] ^= (byte) 0x5a;
            else rnd.nextInt(n); // the same draws either way: region k's fate depends only on the seed and k
            out.write(region, 0, n);
        }
    }

    static void mutate(Path dir, double percent, SplittableRandom rnd) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile).sorted()::iterator) {
                if (rnd.nextDouble() * 100 >= percent) continue;
                byte[] b = Files.readAllBytes(p);
                if (b.length == 0) continue;
                int at = rnd.nextInt(b.length);
                b[at] ^= (byte) 0x5a; // a one-byte change: new chunk for that region, same file size
                Path next = p.resolveSibling(p.getFileName() + ".mutating");
                Files.write(next, b);
                Files.move(next, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}

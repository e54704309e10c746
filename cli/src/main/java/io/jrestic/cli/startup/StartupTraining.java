package io.jrestic.cli.startup;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training run for the JVM's ahead-of-time cache: the commands people run most, on a small generated tree, in
 * one process. The launcher runs it with {@code -XX:AOTCacheOutput}; what the JVM records here (the classes these
 * commands load, and the profiles of their hot methods) is what every later command starts with.
 *
 * <p>Usage: {@code StartupTraining <empty scratch directory>}. Exit status 0 only if every command succeeded, so
 * a cache is kept only from a run that took the normal paths.
 */
public final class StartupTraining {
    private static final int FILES = 240;
    private static final int LARGE_FILE_BYTES = 12 << 20;
    /**
     * About 32 cuts of random data. Checked with this seed: after training, C2 compiled the chunker once in a 2 GiB
     * stream backup (`-XX:+LogCompilation`), against seven times with only the 12 MiB file.
     */
    private static final int RANDOM_FILE_MIB = 48;

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        boolean s3 = args.length == 2 && args[1].equals("--s3");
        if (args.length != 1 && !s3) {
            System.err.println("usage: StartupTraining <scratch directory> [--s3]");
            System.exit(2);
        }
        List<String> failed = train(Path.of(args[0]), s3);
        if (!failed.isEmpty()) {
            System.err.println("training commands failed: " + String.join(", ", failed));
            System.exit(1);
        }
    }

    /**
     * Runs the workload in {@code scratch} (created if missing), with the commands of an S3 repository as well if
     * {@code s3}; returns the commands that failed.
     */
    static List<String> train(Path scratch, boolean s3) throws IOException {
        Path dir = scratch.toAbsolutePath();
        Path source = dir.resolve("source");
        Path repo = dir.resolve("repo");
        writeTree(source, new Random(1));
        Environment env = new Environment(Map.of(
                "HOME", dir.toString(),
                "RESTIC_REPOSITORY", repo.toString(),
                "RESTIC_PASSWORD", "training",
                "RESTIC_CACHE_DIR", dir.resolve("cache").toString()));
        List<String> failed = new ArrayList<>();
        String src = source.toString();
        run(failed, env, "init");
        run(failed, env, "backup", src);
        run(failed, env, "backup", src); // unchanged: the parent-tree comparison
        rewrite(source.resolve("d1"), new Random(2));
        run(failed, env, "backup", "--json", src);
        run(failed, env, "snapshots");
        run(failed, env, "snapshots", "--json");
        run(failed, env, "ls", "latest");
        run(failed, env, "find", "*.txt");
        run(failed, env, "stats");
        run(failed, env, "cat", "config");
        run(failed, env, "restore", "latest", "--target", dir.resolve("restore").toString());
        run(failed, env, "check", "--read-data");
        run(failed, env, "forget", "--keep-last", "1", "--prune");
        if (s3) trainS3(failed, dir, List.of(source.resolve("d0").toString(), source.resolve("d1").toString()));
        return failed;
    }

    /**
     * The commands of an S3 repository, against an endpoint on loopback: the AWS SDK is ~3,400 classes, which an
     * {@code s3:} command otherwise loads from the jar at every start (0.3 s of a 0.9 s {@code snapshots}). A cache
     * of its own: the JVM loads every class of its cache at start, so in the local cache they would cost every other
     * command ~23 MiB of resident memory and 0.04 s.
     */
    private static void trainS3(List<String> failed, Path dir, List<String> sources) throws IOException {
        try (TrainingS3Server s3 = TrainingS3Server.start()) {
            Environment env = new Environment(Map.of(
                    "HOME", dir.toString(),
                    "RESTIC_REPOSITORY", "s3:" + s3.endpoint() + "/training",
                    "RESTIC_PASSWORD", "training",
                    "RESTIC_CACHE_DIR", dir.resolve("cache-s3").toString(),
                    "AWS_ACCESS_KEY_ID", "training",
                    "AWS_SECRET_ACCESS_KEY", "training"));
            List<String> backup = new ArrayList<>(List.of("backup"));
            backup.addAll(sources);
            run(failed, env, "init");
            run(failed, env, backup.toArray(String[]::new));
            run(failed, env, backup.toArray(String[]::new));
            run(failed, env, "snapshots");
            run(failed, env, "ls", "latest");
            run(failed, env, "restore", "latest", "--target", dir.resolve("restore-s3").toString());
            run(failed, env, "--no-cache", "check", "--read-data");
            run(failed, env, "forget", "--keep-last", "1", "--prune");
        }
    }

    private static void run(List<String> failed, Environment env, String... args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int code = Main.run(args, discard, discard, env);
        if (code != 0) failed.add(String.join(" ", args) + " (exit " + code + ")");
    }

    /** Directories of small files, text and random, some repeated, one large half-text file and a random one. */
    private static void writeTree(Path source, Random random) throws IOException {
        for (int i = 0; i < FILES; i++) {
            Path d = Files.createDirectories(source.resolve("d" + i % 12));
            byte[] content = i % 7 == 0 ? text(random, 1024 + i * 64) : bytes(random, 1024 + i * 128);
            Files.write(d.resolve("f" + i + (i % 2 == 0 ? ".txt" : ".bin")), content);
        }
        byte[] half = text(random, LARGE_FILE_BYTES / 2);
        byte[] rest = bytes(random, LARGE_FILE_BYTES / 2);
        try (OutputStream out = Files.newOutputStream(source.resolve("large.dump"))) {
            out.write(half);
            out.write(rest);
        }
        // Enough cut points that the chunker's profile has seen a cut in each of its eight lanes. A lane test
        // never seen true is compiled by C2 as a trap, and each lane's first cut in a real backup then threw the
        // compiled chunker away: 4-7 recompilations (~0.25 s of C2) in the first second of a stream backup.
        try (OutputStream out = Files.newOutputStream(source.resolve("random.bin"))) {
            for (int i = 0; i < RANDOM_FILE_MIB; i++) out.write(bytes(random, 1 << 20));
        }
        Files.createSymbolicLink(source.resolve("link"), Path.of("d0"));
    }

    private static void rewrite(Path dir, Random random) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.write(f, bytes(random, 4096));
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] text(Random random, int n) {
        StringBuilder sb = new StringBuilder(n + 64);
        while (sb.length() < n) {
            sb.append(random.nextInt(1_000_000)).append(",customer-").append(random.nextInt(5000))
                    .append(",2026-11-24,").append(random.nextInt(100)).append(".99\n");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }
}

package io.jrestic.cli.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.StockRestic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A repository, a source directory, jrestic in-process and stock restic as a process: what the tests of
 * {@code repair}, {@code rewrite}, {@code migrate} and signal handling share.
 */
public final class Bench {
    public static final String PASSWORD = "repair-secret";

    public final Path repo;
    public final Path source;
    public final Path scratch;
    private final Random random = new Random(11);

    /** The outcome of one command. */
    public record Result(int exitCode, String out, String err) {
        public Result ok() {
            if (exitCode != 0) fail("exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    public Bench(Path dir) throws IOException {
        this.repo = dir.resolve("repo");
        this.source = Files.createDirectories(dir.resolve("src"));
        this.scratch = Files.createDirectories(dir.resolve("scratch"));
    }


    public Map<String, String> environment() {
        return Map.of("RESTIC_REPOSITORY", repo.toString(), "RESTIC_PASSWORD", PASSWORD,
                "RESTIC_CACHE_DIR", scratch.resolve("cache").toString());
    }

    public Result jrestic(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Environment(environment()));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }


    public Result restic(String... args) {
        List<String> command = new ArrayList<>();
        command.add(StockRestic.EXECUTABLE);
        command.addAll(List.of(args));
        ChildProcess.Output o = ChildProcess.run(command, environment());
        return new Result(o.exitCode(), o.out(), o.err());
    }

    /** Stock restic's {@code check --read-data} must find nothing wrong. */
    public void assertResticCheckPasses() throws Exception {
        Result check = restic("check", "--read-data");
        if (check.exitCode() != 0 || !check.out().contains("no errors were found")) {
            fail("restic check --read-data failed:\n" + check.out() + check.err());
        }
    }

    /** Writes {@code length} random bytes to a file under the source directory. */
    public byte[] write(String relative, int length) throws IOException {
        byte[] b = new byte[length];
        random.nextBytes(b);
        Path f = source.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, b);
        return b;
    }

    public Set<String> ids(String directory) throws IOException {
        Path d = repo.resolve(directory);
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    public Path pack(String id) {
        return repo.resolve("data").resolve(id.substring(0, 2)).resolve(id);
    }

    /** Backs the source up with jrestic; returns the new snapshot's ID and the packs it added. */
    public Backup backup() throws IOException {
        Set<String> snapshotsBefore = ids("snapshots");
        Set<String> packsBefore = ids("data");
        jrestic("backup", "-q", source.toString()).ok();
        Set<String> snapshots = ids("snapshots");
        snapshots.removeAll(snapshotsBefore);
        assertEquals(1, snapshots.size());
        Set<String> packs = ids("data");
        packs.removeAll(packsBefore);
        return new Backup(snapshots.iterator().next(), packs);
    }

    /** One backup: its snapshot and the pack files it added. */
    public record Backup(String snapshot, Set<String> packs) {
        /** The largest new pack: the data pack when a backup adds one data and one tree pack. */
        public String largestPack(Bench bench) throws IOException {
            String best = null;
            long size = -1;
            for (String p : packs) {
                long s = Files.size(bench.pack(p));
                if (s > size) {
                    size = s;
                    best = p;
                }
            }
            return best;
        }
    }

    /** Restores a snapshot with stock restic and returns its files (relative to the source) and contents. */
    public Map<String, byte[]> restoreWithRestic(String snapshot) throws Exception {
        Path target = scratch.resolve("restore-" + snapshot.substring(0, 8) + "-" + random.nextInt(1000));
        restic("restore", snapshot, "--target", target.toString()).ok();
        Path root = target.resolve(source.toString().substring(1));
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) files.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return files;
    }

    public static void assertSameFiles(Map<String, byte[]> want, Map<String, byte[]> got) {
        assertEquals(want.keySet(), got.keySet());
        for (var e : want.entrySet()) assertArrayEquals(e.getValue(), got.get(e.getKey()), e.getKey());
    }

    public static Map<String, byte[]> map(Object... nameAndBytes) {
        Map<String, byte[]> m = new HashMap<>();
        for (int i = 0; i < nameAndBytes.length; i += 2) m.put((String) nameAndBytes[i], (byte[]) nameAndBytes[i + 1]);
        return m;
    }
}

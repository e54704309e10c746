package io.jrestic.cli.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.DirectoryTrees;
import io.jrestic.testkit.JresticJvm;
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
 * A repository directory, a source directory, and the tools to work on both: jrestic in-process, stock restic
 * (and jrestic) as processes, and a byte-for-byte comparison of what restic restores with what was backed up.
 */
final class Workbench {
    static final String PASSWORD = "prune-secret";

    final Path repo;
    final Path source;
    /** Where the snapshots' files came from: {@link #source}, or the source of the repository copied in. */
    Path backedUpFrom;
    private final Path scratch;
    private final Random random = new Random(7);
    /** For each snapshot (full ID): relative path → content at backup time. */
    final Map<String, Map<String, byte[]>> backedUp = new HashMap<>();

    /** The outcome of one command. */
    record Result(int exitCode, String out, String err) {
        Result ok() {
            if (exitCode != 0) fail("exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    Workbench(Path dir) throws IOException {
        this.repo = dir.resolve("repo");
        this.source = Files.createDirectories(dir.resolve("src"));
        this.backedUpFrom = source;
        this.scratch = Files.createDirectories(dir.resolve("scratch"));
    }


    Map<String, String> environment() {
        return Map.of("RESTIC_REPOSITORY", repo.toString(), "RESTIC_PASSWORD", PASSWORD);
    }

    /** Runs jrestic in this JVM. */
    Result jrestic(String... args) {
        return jrestic(Map.of(), args);
    }

    Result jrestic(Map<String, String> extraEnv, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(environment());
        env.putAll(extraEnv);
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Environment(Map.copyOf(env)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs jrestic as its own process, as a user would, so it can be killed. */
    Result jresticProcess(Map<String, String> extraEnv, String... args) {
        return process(JresticJvm.command(args), extraEnv);
    }

    /** Runs stock restic on this repository. */
    Result restic(String... args) {
        List<String> command = new ArrayList<>();
        command.add(StockRestic.EXECUTABLE);
        command.addAll(List.of(args));
        return process(command, Map.of());
    }

    private Result process(List<String> command, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(environment());
        env.put("RESTIC_CACHE_DIR", scratch.resolve("cache").toString());
        env.putAll(extraEnv);
        ChildProcess.Output o = ChildProcess.run(command, env);
        return new Result(o.exitCode(), o.out(), o.err());
    }

    /** Writes a file of {@code length} random bytes into the source directory (creating parents). */
    void write(String relative, int length) throws IOException {
        byte[] b = new byte[length];
        random.nextBytes(b);
        Path f = source.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, b);
    }

    void delete(String relative) throws IOException {
        Files.delete(source.resolve(relative));
    }

    Set<String> snapshotIds() throws IOException {
        try (Stream<Path> s = Files.list(repo.resolve("snapshots"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    Set<String> files(String dir) throws IOException {
        Path d = repo.resolve(dir);
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).map(p -> d.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    /** Backs the source directory up with jrestic (or stock restic) and records what it held; returns the snapshot ID. */
    String backup(boolean withRestic) throws Exception {
        Set<String> before = snapshotIds();
        if (withRestic) restic("backup", "-q", source.toString()).ok();
        else jrestic("backup", "-q", source.toString()).ok();
        Set<String> after = snapshotIds();
        after.removeAll(before);
        assertEquals(1, after.size(), "one new snapshot");
        String id = after.iterator().next();
        backedUp.put(id, contents(source));
        return id;
    }

    /** Deletes a snapshot file, which is all {@code forget} does. */
    void forget(String snapshotId) throws IOException {
        Files.delete(repo.resolve("snapshots").resolve(snapshotId));
        backedUp.remove(snapshotId);
    }

    /** Restores every remaining snapshot with stock restic and compares it with what was backed up. */
    void assertRestoresMatch() throws Exception {
        assertEquals(backedUp.keySet(), snapshotIds(), "snapshots in the repository");
        for (Map.Entry<String, Map<String, byte[]>> s : backedUp.entrySet()) {
            Path target = scratch.resolve("restore-" + s.getKey().substring(0, 8));
            restic("restore", s.getKey(), "--target", target.toString()).ok();
            Map<String, byte[]> restored = contents(target.resolve(backedUpFrom.toString().substring(1)));
            assertEquals(s.getValue().keySet(), restored.keySet(), "files of snapshot " + s.getKey());
            for (Map.Entry<String, byte[]> f : s.getValue().entrySet()) {
                assertArrayEquals(f.getValue(), restored.get(f.getKey()), f.getKey() + " in snapshot " + s.getKey());
            }
            deleteTree(target);
        }
    }

    void assertCheckReadsAllData() throws Exception {
        Result check = restic("check", "--read-data").ok();
        if (!check.out().contains("no errors were found")) fail(check.out() + check.err());
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) files.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return files;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}

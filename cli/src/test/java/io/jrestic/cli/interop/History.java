package io.jrestic.cli.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small repository with history, made by stock restic (the first two snapshots) and jrestic (the third):
 * files, directories, a symlink, a hard link, an empty file, duplicated content, a file of several chunks, a
 * changed file, a removed file, a file turned into a directory, and tags.
 */
public final class History {
    public static final String PASSWORD = "history secret";

    public final Path repo;
    public final Path source;
    /** Snapshot IDs, oldest first. */
    public final List<String> snapshots = new ArrayList<>();

    private History(Path dir) {
        this.repo = dir.resolve("repo");
        this.source = dir.resolve("src");
    }

    private static History shared;

    /**
     * One history for every test class in this JVM (building it takes seconds); tests that change a repository
     * work on a {@link #copy}. Removed when the JVM exits.
     */
    public static synchronized History shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("jrestic-history");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            shared = build(dir);
        }
        return shared;
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort at exit
        }
    }

    /** Builds the history in {@code dir} (needs stock restic). */
    public static History build(Path dir) throws IOException {
        History h = new History(dir);
        Path s = h.source;
        Files.createDirectories(s.resolve("a/b"));
        Files.createDirectories(s.resolve("c"));
        Files.writeString(s.resolve("a/f1"), "hello\n");
        Files.writeString(s.resolve("a/b/f2"), "world\n");
        Files.writeString(s.resolve("a/same"), "world\n");
        Files.writeString(s.resolve("Case.TXT"), "x\n");
        Files.write(s.resolve("c/empty"), new byte[0]);
        Files.writeString(s.resolve("c/turns-into-dir"), "file for now\n");
        byte[] big = new byte[3 << 20];
        new Random(42).nextBytes(big);
        Files.write(s.resolve("c/big"), big);
        Files.createSymbolicLink(s.resolve("c/link"), Path.of("../a/f1"));
        Files.createLink(s.resolve("a/hard"), s.resolve("a/f1"));
        Tool.RESTIC.on(h.repo, PASSWORD, "init", "-q").ok();
        h.backup(Tool.RESTIC, "--tag", "first,t1");

        Files.writeString(s.resolve("a/new"), "more\n");
        Files.delete(s.resolve("a/b/f2"));
        Files.writeString(s.resolve("a/f1"), "hello again\n", StandardCharsets.UTF_8);
        Files.delete(s.resolve("c/turns-into-dir"));
        Files.createDirectories(s.resolve("c/turns-into-dir"));
        Files.writeString(s.resolve("c/turns-into-dir/inside"), "inside\n");
        Files.createDirectories(s.resolve("d"));
        Files.writeString(s.resolve("d/y"), "y\n");
        h.backup(Tool.RESTIC, "--tag", "second");

        Files.writeString(s.resolve("d/z"), "z by jrestic\n");
        h.backup(Tool.JRESTIC, "--host", "other");
        return h;
    }

    private void backup(Tool tool, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("backup", "-q", "--json"));
        args.addAll(List.of(flags));
        args.add(source.toString());
        Tool.Result r = tool.on(repo, PASSWORD, args.toArray(String[]::new)).ok();
        String out = r.out();
        int at = out.lastIndexOf("\"snapshot_id\":\"");
        if (at < 0) throw new AssertionError("no snapshot ID in " + out);
        String shortId = out.substring(at + 15, out.indexOf('"', at + 15));
        try (var files = Files.list(repo.resolve("snapshots"))) {
            // restic 0.14 reports a short ID here; the file name is the full one
            snapshots.add(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(shortId)).findFirst()
                    .orElseThrow(() -> new AssertionError("no snapshot file for " + shortId)));
        }
    }

    /** Runs a tool against this repository. */
    public Tool.Result run(Tool tool, String... args) {
        return tool.on(repo, PASSWORD, args);
    }

    /** A copy of this repository (for tests that change it). */
    public Path copy(Path target) throws IOException {
        try (var walk = Files.walk(repo)) {
            for (Path p : walk.toList()) {
                Path t = target.resolve(repo.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return target;
    }
}

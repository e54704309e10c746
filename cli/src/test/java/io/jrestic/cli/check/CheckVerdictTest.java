package io.jrestic.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.backend.Backend;
import io.jrestic.backend.FileType;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.DirectoryTrees;
import io.jrestic.testkit.StockRestic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrestic check} and stock {@code restic check} (0.14, the oracle) must reach the same verdict on the same
 * repositories: clean ones written by either tool, and copies damaged on purpose. Every scenario also states the
 * verdict it expects, so two tools agreeing on a wrong answer still fail, and the message jrestic must print.
 *
 * <p>restic runs with {@code --no-lock --no-cache}, all at once in the background while jrestic checks the same
 * directories: restic retries a missing pack for about 45 seconds, which would otherwise dominate the run.
 */
class CheckVerdictTest {
    private static final String PASSWORD = "check-verdict";
    private static final Environment ENV = new Environment(Map.of("RESTIC_PASSWORD", PASSWORD));
    private static final String READ_DATA = "--read-data";
    private static final String CHECK_UNUSED = "--check-unused";

    @TempDir
    static Path tmp;

    private static final Map<String, Path> repos = new ConcurrentHashMap<>();
    private static final Map<String, CompletableFuture<Integer>> resticVerdicts = new ConcurrentHashMap<>();
    private static ExecutorService resticRunner;

    @BeforeAll
    static void buildRepositories() throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        Path source = tmp.resolve("source");
        writeSource(source, false);
        Path source2 = tmp.resolve("source2");
        writeSource(source2, true);

        Path jrestic = tmp.resolve("jrestic-clean");
        jrestic(0, "-r", jrestic.toString(), "init");
        jrestic(0, "-r", jrestic.toString(), "backup", source.toString());
        Path restic = tmp.resolve("restic-clean");
        restic(List.of("-r", restic.toString(), "init"));
        restic(List.of("-r", restic.toString(), "backup", source.toString()));
        repos.put("jrestic-clean", jrestic);
        repos.put("restic-clean", restic);

        damage("missing-pack", jrestic, repo -> Files.delete(largestPack(repo)));
        damage("flipped-byte", restic, repo -> {
            Path pack = largestPack(repo);
            flipByte(pack, Files.size(pack) / 2);
        });
        damage("truncated-pack", jrestic, repo -> {
            Path pack = largestPack(repo);
            try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
                f.setLength(f.length() - 10);
            }
        });
        damage("missing-tree-pack", restic, repo -> Files.delete(smallestPack(repo)));
        damage("duplicate-index", jrestic, repo -> {
            try (Backend backend = BackendRegistry.open(repo.toString(), Map.of(), Map.of());
                 Repository r = Repository.open(backend, PASSWORD.getBytes(StandardCharsets.UTF_8), null, Repository.Settings.DEFAULT)) {
                Id index = r.list(FileType.INDEX).getFirst();
                r.saveUnpacked(FileType.INDEX, r.loadUnpacked(FileType.INDEX, index)); // same content, new IV: new name
            }
        });
        damage("damaged-snapshot", restic, repo -> {
            try (Stream<Path> s = Files.list(repo.resolve("snapshots"))) {
                flipByte(s.findFirst().orElseThrow(), 40);
            }
        });

        // A pack whose index file is gone: the first of two backups loses its index.
        Path two = tmp.resolve("missing-index");
        jrestic(0, "-r", two.toString(), "init");
        jrestic(0, "-r", two.toString(), "backup", source.toString());
        Set<Path> firstIndexes = listFiles(two.resolve("index"));
        jrestic(0, "-r", two.toString(), "backup", source2.toString());
        for (Path p : firstIndexes) Files.delete(p);
        repos.put("missing-index", two);

        // Unused blobs: the snapshot that used source2's extra file is forgotten but not pruned.
        Path unused = tmp.resolve("unused-blobs");
        jrestic(0, "-r", unused.toString(), "init");
        jrestic(0, "-r", unused.toString(), "backup", source2.toString());
        jrestic(0, "-r", unused.toString(), "backup", source.toString());
        jrestic(0, "-r", unused.toString(), "forget", "--keep-last", "1");
        repos.put("unused-blobs", unused);

        resticRunner = Executors.newFixedThreadPool(4);
        startRestic("missing-tree-pack"); // the slow one (restic retries the missing pack), first
        for (String name : repos.keySet()) if (!name.equals("missing-tree-pack")) startRestic(name);
        for (String name : List.of("jrestic-clean", "restic-clean", "flipped-byte", "truncated-pack", "duplicate-index",
                "damaged-snapshot")) {
            startRestic(name, READ_DATA);
        }
        startRestic("unused-blobs", CHECK_UNUSED);
    }

    @AfterAll
    static void stopRestic() {
        if (resticRunner != null) resticRunner.shutdownNow();
    }

    @Test
    void aRepositoryWrittenByJresticPassesBothTools() throws Exception {
        Result r = assertVerdict("jrestic-clean", false);
        // restic's counters end each phase with their final state and an empty line, also when not on a terminal
        assertTrue(r.out.replaceAll("\\[\\d+:\\d\\d\\]", "[0:00]").matches("(?s).*load indexes\ncheck all packs\n"
                + "check snapshots, trees and blobs\n\\[0:00\\] 100\\.00%  \\d+ / \\d+ snapshots\n\nno errors were found\n"), r.out);
        assertTrue(assertVerdict("jrestic-clean", false, READ_DATA).out
                .matches("(?s).*read all data\n\\[\\d+:\\d\\d\\] 100\\.00%  (\\d+) / \\1 packs\n\nno errors were found.*"));
    }

    @Test
    void aRepositoryWrittenByResticPassesBothTools() throws Exception {
        assertVerdict("restic-clean", false);
        assertVerdict("restic-clean", false, READ_DATA);
    }

    @Test
    void aMissingPackFailsBothTools() throws Exception {
        Result r = assertVerdict("missing-pack", true);
        assertTrue(r.err.contains(": does not exist"), r.err);
        assertTrue(r.err.endsWith("Fatal: repository contains errors\n"), r.err);
    }

    @Test
    void aFlippedByteInAPackPassesTheStructureCheckButFailsReadData() throws Exception {
        assertVerdict("flipped-byte", false);
        Result r = assertVerdict("flipped-byte", true, READ_DATA);
        assertTrue(r.err.contains("Pack ID does not match, want "), r.err);
    }

    @Test
    void aTruncatedPackFailsBothTools() throws Exception {
        Result r = assertVerdict("truncated-pack", true);
        assertTrue(r.err.contains(": unexpected file size: got "), r.err);
        assertVerdict("truncated-pack", true, READ_DATA);
    }

    @Test
    void aPackWithoutIndexIsUnreferencedAndItsBlobsAreMissing() throws Exception {
        Result r = assertVerdict("missing-index", true);
        assertTrue(r.out.contains(": not referenced in any index"), r.out);
        assertTrue(r.err.contains("error for tree "), r.err);
    }

    @Test
    void aMissingTreePackFailsBothTools() throws Exception {
        Result r = assertVerdict("missing-tree-pack", true);
        assertTrue(r.err.contains("holding it does not exist"), r.err);
    }

    @Test
    void aPackInTwoIndexFilesIsOnlyAHintForBothTools() throws Exception {
        Result r = assertVerdict("duplicate-index", false);
        assertTrue(r.out.contains("contained in several indexes"), r.out);
        assertVerdict("duplicate-index", false, READ_DATA);
    }

    @Test
    void aDamagedSnapshotFileFailsBothTools() throws Exception {
        Result r = assertVerdict("damaged-snapshot", true);
        assertTrue(r.err.contains("error: snapshot "), r.err);
        assertVerdict("damaged-snapshot", true, READ_DATA);
    }

    @Test
    void checkUnusedIsDeprecatedAndIgnoredAsInRestic014() throws Exception {
        Result r = assertVerdict("unused-blobs", false, CHECK_UNUSED);
        assertEquals("Flag --check-unused has been deprecated, `--check-unused` is deprecated and will be ignored\n",
                r.err);
        assertTrue(r.out.contains("no errors were found"), r.out);
    }

    @Test
    void invalidSubsetsAreRejectedWithResticsMessages() throws Exception {
        Path repo = repos.get("jrestic-clean");
        Result r = jrestic(1, "-r", repo.toString(), "check", "--read-data-subset", "4/3");
        assertEquals("Fatal: check flag --read-data-subset=n/t values must be positive integers, and n <= t, "
                + "e.g. --read-data-subset=1/2\n", r.err);
        r = jrestic(1, "-r", repo.toString(), "check", "--read-data", "--read-data-subset", "1/2");
        assertEquals("Fatal: check flags --read-data and --read-data-subset cannot be used together\n", r.err);
        r = jrestic(0, "-r", repo.toString(), "check", "--read-data-subset", "100%");
        assertTrue(r.out.contains("read 100.0% of data packs\n"), r.out);
    }

    // ---- the two tools ----------------------------------------------------------------------------------------

    record Result(int exit, String out, String err) {
    }

    /** Runs both checks; asserts that restic's exit status is the expected one and that jrestic's equals it. */
    private static Result assertVerdict(String scenario, boolean errors, String... flags) throws Exception {
        int restic = resticVerdicts.get(key(scenario, flags)).get();
        List<String> args = new ArrayList<>(List.of("-r", repos.get(scenario).toString(), "check"));
        args.addAll(List.of(flags));
        Result jrestic = jrestic(-1, args.toArray(String[]::new));
        String what = scenario + " " + String.join(" ", flags) + ":\n" + jrestic.out + jrestic.err;
        assertEquals(errors ? 1 : 0, restic, "restic's verdict on " + what);
        assertEquals(restic, jrestic.exit, "jrestic's verdict on " + what);
        return jrestic;
    }

    private static Result jrestic(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args, o, e, ENV);
        }
        Result r = new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        if (expectedExit >= 0) assertEquals(expectedExit, exit, "jrestic " + String.join(" ", args) + ":\n" + r.out + r.err);
        return r;
    }

    private static void startRestic(String scenario, String... flags) {
        List<String> args = new ArrayList<>(List.of("--no-lock", "--no-cache", "-r", repos.get(scenario).toString(), "check"));
        args.addAll(List.of(flags));
        resticVerdicts.put(key(scenario, flags), CompletableFuture.supplyAsync(() -> resticExit(args), resticRunner));
    }

    private static String key(String scenario, String... flags) {
        return scenario + " " + String.join(" ", flags);
    }

    private static void restic(List<String> args) throws IOException {
        int exit = resticExit(args);
        if (exit != 0) throw new IOException("restic " + args + " exited with " + exit);
    }

    private static int resticExit(List<String> args) {
        List<String> command = new ArrayList<>(List.of(StockRestic.EXECUTABLE, "-q"));
        command.addAll(args);
        return ChildProcess.run(command, Map.of("RESTIC_PASSWORD", PASSWORD)).exitCode();
    }


    // ---- repositories and damage ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Damage {
        void apply(Path repo) throws IOException;
    }

    private static void damage(String name, Path original, Damage damage) throws IOException {
        Path copy = tmp.resolve(name);
        DirectoryTrees.copy(original, copy);
        damage.apply(copy);
        repos.put(name, copy);
    }

    /** Three files of random bytes (about two packs' worth of nothing) and a small text file in a subdirectory. */
    private static void writeSource(Path dir, boolean extraFile) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Random random = new Random(42);
        for (int i = 1; i <= 3; i++) {
            byte[] b = new byte[150_000];
            random.nextBytes(b);
            Files.write(dir.resolve("file" + i), b);
        }
        Files.writeString(dir.resolve("sub/hello.txt"), "hello\n");
        if (extraFile) Files.writeString(dir.resolve("extra.txt"), "only in the second backup\n");
    }

    private static Path largestPack(Path repo) throws IOException {
        return packs(repo).stream().max(Comparator.comparingLong(CheckVerdictTest::size)).orElseThrow();
    }

    private static Path smallestPack(Path repo) throws IOException {
        return packs(repo).stream().min(Comparator.comparingLong(CheckVerdictTest::size)).orElseThrow();
    }

    private static List<Path> packs(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            List<Path> packs = s.filter(Files::isRegularFile).toList();
            if (packs.size() != 2) throw new IllegalStateException("expected a data and a tree pack, got " + packs);
            return packs;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    private static Set<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new HashSet<>(s.toList());
        }
    }
}

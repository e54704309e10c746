package io.jrestic.cli.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.interop.History;
import io.jrestic.cli.interop.Tool;
import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrestic copy} between repositories with different passwords, versions and chunker parameters: stock
 * restic checks every byte of the result, restores what the source restores, and recognises the copies (and
 * jrestic recognises restic's), both ways.
 */
class CopyInteropTest {
    static final String DESTINATION_PASSWORD = "destination secret";

    @TempDir
    static Path tmp;
    static History history;

    @BeforeAll
    static void build() throws IOException {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        history = History.shared();
    }

    /** copy from the history repository into {@code destination} with the source password from the environment. */
    private static Tool.Result copy(Tool tool, Path destination, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("RESTIC_PASSWORD", DESTINATION_PASSWORD,
                "RESTIC_FROM_PASSWORD", History.PASSWORD, "RESTIC_REPOSITORY", destination.toString()));
        String[] args = Stream.concat(Stream.of("copy", "--from-repo", history.repo.toString()), Stream.of(more)).toArray(String[]::new);
        return tool.run(env, args);
    }

    private static Tool.Result onDestination(Tool tool, Path destination, String... args) {
        return tool.on(destination, DESTINATION_PASSWORD, args);
    }

    @Test
    void copyWithTheSourcesChunkerParametersPrintsAsResticAndRestoresIdentically() throws IOException {
        Path dst = tmp.resolve("same-chunker");
        Path pw = Files.writeString(tmp.resolve("source-password"), History.PASSWORD + "\n");
        Tool.Result init = Tool.JRESTIC.run(Map.of("RESTIC_PASSWORD", DESTINATION_PASSWORD), "-r", dst.toString(), "init",
                "--copy-chunker-params", "--from-repo", history.repo.toString(), "--from-password-file", pw.toString()).ok();
        assertTrue(init.out().startsWith("created restic repository "), init.out());
        assertEquals(config(history.repo, History.PASSWORD).get("chunker_polynomial"), config(dst, DESTINATION_PASSWORD).get("chunker_polynomial"));

        String first = history.snapshots.getFirst();
        Tool.Result jrestic = copy(Tool.JRESTIC, dst, first.substring(0, 8)).ok();
        // what restic prints for the same copy into a fresh repository, but for the new (random) snapshot ID
        Path reference = tmp.resolve("reference");
        Tool.RESTIC.on(reference, DESTINATION_PASSWORD, "init", "-q").ok();
        Tool.Result restic = copy(Tool.RESTIC, reference, first.substring(0, 8)).ok();
        assertEquals(withoutNewIds(restic.out()), withoutNewIds(jrestic.out()));

        Tool.Result rest = copy(Tool.JRESTIC, dst).ok();
        assertTrue(rest.out().contains("skipping source snapshot " + first.substring(0, 8) + ", was already copied to snapshot "), rest.out());
        assertEquals(2, count(rest.out(), " saved\n"), rest.out());
        assertCheckedAndRestoresLikeTheSource(dst, history.snapshots);

        // restic sees nothing left to copy, and jrestic recognises restic's copies in the reference repository
        Tool.Result again = copy(Tool.RESTIC, dst).ok();
        assertEquals(3, count(again.out(), "skipping source snapshot"), again.out());
        Tool.Result jAgain = copy(Tool.JRESTIC, reference, first).ok();
        assertEquals(1, count(jAgain.out(), "skipping source snapshot"), jAgain.out());
    }

    @Test
    void copyIntoAVersion1RepositoryWithOtherChunkerParametersAndBackWithRestic() throws IOException {
        Path v1 = tmp.resolve("v1");
        Tool.JRESTIC.on(v1, DESTINATION_PASSWORD, "init", "--repository-version", "1").ok();
        assertTrue(!config(v1, DESTINATION_PASSWORD).get("chunker_polynomial").equals(config(history.repo, History.PASSWORD).get("chunker_polynomial")));
        copy(Tool.JRESTIC, v1, "-q").ok();
        assertCheckedAndRestoresLikeTheSource(v1, List.of(history.snapshots.get(1)));

        // stock restic copies jrestic's copies on into a jrestic repository, with its own passwords
        Path onward = tmp.resolve("onward");
        Tool.JRESTIC.on(onward, "onward", "init", "-q").ok();
        Tool.RESTIC.run(Map.of("RESTIC_PASSWORD", "onward", "RESTIC_FROM_PASSWORD", DESTINATION_PASSWORD),
                "-r", onward.toString(), "copy", "-q", "--from-repo", v1.toString()).ok();
        Tool.RESTIC.on(onward, "onward", "check", "--read-data").ok();
        Tool.Result none = Tool.JRESTIC.run(Map.of("RESTIC_PASSWORD", "onward", "RESTIC_FROM_PASSWORD", DESTINATION_PASSWORD),
                "-r", onward.toString(), "copy", "--from-repo", v1.toString()).ok();
        assertEquals(3, count(none.out(), "skipping source snapshot"), none.out());
    }

    @Test
    void sourceRepositoryErrorsAsRestic() {
        Path dst = tmp.resolve("errors");
        Tool.JRESTIC.on(dst, DESTINATION_PASSWORD, "init", "-q").ok();
        Tool.Result none = Tool.JRESTIC.on(dst, DESTINATION_PASSWORD, "copy");
        assertEquals("Fatal: Please specify a source repository location (--from-repo or --from-repository-file)\n", none.err());
        Tool.Result both = Tool.JRESTIC.on(dst, DESTINATION_PASSWORD, "copy", "--from-repo", "x", "--from-repository-file", "y");
        assertEquals("Fatal: Options --from-repo and --from-repository-file are mutually exclusive, please specify only one\n", both.err());
        Tool.Result secondary = Tool.JRESTIC.on(tmp.resolve("never"), DESTINATION_PASSWORD, "init", "--from-repo", "x");
        assertEquals("Fatal: Secondary repository must only be specified when copying the chunker parameters\n", secondary.err());
    }

    private static void assertCheckedAndRestoresLikeTheSource(Path dst, List<String> snapshots) throws IOException {
        Tool.Result check = onDestination(Tool.RESTIC, dst, "check", "--read-data").ok();
        assertTrue(check.out().contains("no errors were found"), check.out());
        for (String id : snapshots) {
            Path expected = tmp.resolve("expected-" + id.substring(0, 8));
            if (!Files.exists(expected)) history.run(Tool.RESTIC, "restore", id, "--target", expected.toString()).ok();
            Path actual = Files.createTempDirectory(tmp, "restored");
            // the copy keeps the source ID as its original
            String copyId = copyOf(dst, id);
            onDestination(Tool.RESTIC, dst, "restore", copyId, "--target", actual.toString()).ok();
            assertEquals(contents(expected), contents(actual), "snapshot " + id);
        }
    }

    /** The destination snapshot whose original is {@code sourceId}. */
    private static String copyOf(Path dst, String sourceId) {
        String json = onDestination(Tool.RESTIC, dst, "snapshots", "--json").ok().out();
        int at = json.indexOf("\"original\":\"" + sourceId + "\",\"id\":\"");
        assertTrue(at >= 0, "no copy of " + sourceId + " in " + json);
        int start = at + ("\"original\":\"" + sourceId + "\",\"id\":\"").length();
        return json.substring(start, start + 64);
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) files.put(key, "-> " + Files.readSymbolicLink(p));
                else if (Files.isRegularFile(p)) files.put(key, Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(p))) + "/" + Files.size(p));
                else if (Files.isDirectory(p)) files.put(key, "dir");
            }
        }
        return files;
    }

    private static Map<String, String> config(Path repo, String password) {
        String json = Tool.RESTIC.on(repo, password, "cat", "config").ok().out();
        Map<String, String> m = new HashMap<>();
        for (String key : List.of("chunker_polynomial", "version")) {
            int at = json.indexOf("\"" + key + "\": ");
            m.put(key, json.substring(at + key.length() + 4, json.indexOf('\n', at)).replace("\"", "").replace(",", ""));
        }
        return m;
    }

    private static String withoutNewIds(String out) {
        return out.replaceAll("snapshot [0-9a-f]{8} saved", "snapshot NEW saved").replaceAll("\\[0:\\d\\d\\]", "[0:00]");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
        return n;
    }
}

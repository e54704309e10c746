package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same tree backed up by restic and by jrestic into one repository deduplicates completely: the second backup
 * stores no blob, and both snapshots name the same tree. Both run as processes in the tree's parent directory with
 * the relative target {@code src}, so the snapshot's root tree holds only {@code src} (whose metadata is stable)
 * and not the ever-changing ancestors such as {@code /tmp}.
 */
class DeduplicationTest {
    private static final String PASSWORD = "dedup";

    @TempDir
    Path tmp;

    private Jrestic jrestic;
    private Restic restic;

    private void setUp() throws IOException {
        Restic.assumeInstalled();
        // without the socket: restic 0.14 leaves sockets out, jrestic stores them (see socketsAreLeftOutAsResticDoes)
        Fixtures.fullTree(Files.createDirectory(tmp.resolve("src")), false);
        jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        restic = new Restic(jrestic.repository(), PASSWORD);
    }

    @ParameterizedTest(name = "repository version {0}")
    @ValueSource(strings = {"2"})
    void jresticAddsNothingAfterRestic(String version) throws IOException {
        setUp();
        restic.run("init", "--repository-version", version).ok();
        String hint = FastKey.add(restic.repository(), PASSWORD);
        restic = restic.withKeyHint(hint);
        jrestic = jrestic.withKeyHint(hint);
        restic.runIn(tmp, "backup", "src").ok();
        TreeSet<String> before = blobs();

        CommandResult backup = jrestic.runProcessIn(tmp, null, "backup", "--force", "src");
        assertEquals(0, backup.exitCode(), backup::describe);

        assertEquals(dataBlobs(before), dataBlobs(blobs()), "data blobs after jrestic's backup");
        assertSameTrees();
        assertEquals(before, blobs(), "blobs after jrestic's backup");
        restic.run("check", "--read-data").ok();
    }

    @ParameterizedTest(name = "repository version {0}")
    @ValueSource(strings = {"1"})
    void resticAddsNothingAfterJrestic(String version) throws IOException {
        setUp();
        jrestic.run("init", "--repository-version", version).ok();
        CommandResult backup = jrestic.runProcessIn(tmp, null, "backup", "src");
        assertEquals(0, backup.exitCode(), backup::describe);
        TreeSet<String> before = blobs();

        List<Object> lines = Json.lines(restic.runIn(tmp, "backup", "--force", "--json", "src").ok().out());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) lines.getLast();
        assertEquals("summary", summary.get("message_type"));
        assertEquals(BigDecimal.ZERO, summary.get("data_blobs"), summary::toString);
        assertEquals(dataBlobs(before), dataBlobs(blobs()), "data blobs after restic's backup");
        assertSameTrees();
        assertEquals(BigDecimal.ZERO, summary.get("tree_blobs"), summary::toString);
        assertEquals(before, blobs(), "blobs after restic's backup");
    }

    @Test
    void socketsAreLeftOutAsResticDoes() throws IOException {
        Restic.assumeInstalled();
        Path src = Files.createDirectory(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("file"), Fixtures.utf8("f"));
        Fixtures.socket(src.resolve("socket"));
        jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        restic = new Restic(jrestic.repository(), PASSWORD);
        jrestic.run("init").ok();
        jrestic.run("backup", src.toString()).ok();
        restic.run("backup", src.toString()).ok();
        List<Object> snapshots = Json.array(restic.run("snapshots", "--json").ok().out());
        List<String> byJrestic = restic.run("ls", (String) ((Map<?, ?>) snapshots.get(0)).get("id")).ok().outLines();
        List<String> byRestic = restic.run("ls", (String) ((Map<?, ?>) snapshots.get(1)).get("id")).ok().outLines();
        assertEquals(byRestic.subList(1, byRestic.size()), byJrestic.subList(1, byJrestic.size()));
    }

    /**
     * A target below a symbolic link to a directory ({@code lnk/a} with {@code lnk -> data}): restic follows the link
     * for the directory on the way and stores {@code lnk} as that directory, holding the targets. Stored as the link
     * itself, the targets would silently be missing from the snapshot.
     */
    @Test
    void targetsBelowASymlinkedDirectoryAreStoredInItAsResticStoresThem() throws IOException {
        Restic.assumeInstalled();
        Path data = Files.createDirectory(tmp.resolve("data"));
        Fixtures.writeFile(data.resolve("a"), Fixtures.utf8("alpha"));
        Fixtures.writeFile(Files.createDirectory(data.resolve("sub")).resolve("x"), Fixtures.utf8("x"));
        Files.createSymbolicLink(tmp.resolve("lnk"), Path.of("data"));
        jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        restic = new Restic(jrestic.repository(), PASSWORD);
        jrestic.run("init").ok();
        restic.runIn(tmp, "backup", "lnk/a", "lnk/sub").ok();
        CommandResult backup = jrestic.runProcessIn(tmp, null, "backup", "--force", "lnk/a", "lnk/sub");
        assertEquals(0, backup.exitCode(), backup::describe);

        assertSameTrees();
        List<String> listed = restic.run("ls", "latest").ok().outLines();
        assertEquals(List.of("/lnk", "/lnk/a", "/lnk/sub", "/lnk/sub/x"), listed.subList(1, listed.size()));
    }

    private TreeSet<String> blobs() {
        return new TreeSet<>(restic.run("list", "blobs").ok().outLines());
    }

    private static List<String> dataBlobs(TreeSet<String> blobs) {
        return blobs.stream().filter(b -> b.startsWith("data ")).toList();
    }

    /** Both snapshots (one by each program) name the same root tree. */
    private void assertSameTrees() {
        List<Object> snapshots = Json.array(restic.run("snapshots", "--json").ok().out());
        assertEquals(2, snapshots.size());
        String first = (String) ((Map<?, ?>) snapshots.get(0)).get("tree");
        String second = (String) ((Map<?, ?>) snapshots.get(1)).get("tree");
        assertEquals(first, second, () -> "tree IDs differ:\n" + String.join("\n", nodeDifferences("/", first, second)));
    }

    /** Where two trees differ: walks down matching subtrees and names each node field that differs. */
    private List<String> nodeDifferences(String path, String treeA, String treeB) {
        List<String> diffs = new java.util.ArrayList<>();
        Map<String, Map<?, ?>> a = nodes(treeA);
        Map<String, Map<?, ?>> b = nodes(treeB);
        for (String name : new TreeSet<>(a.keySet())) {
            Map<?, ?> x = a.get(name);
            Map<?, ?> y = b.get(name);
            if (y == null) {
                diffs.add(path + name + ": only in the first tree");
                continue;
            }
            for (Object field : new TreeSet<>(x.keySet().stream().map(Object::toString).toList())) {
                if (!field.equals("subtree") && !java.util.Objects.equals(x.get(field), y.get(field))) {
                    diffs.add(path + name + ": " + field + " " + x.get(field) + " vs " + y.get(field));
                }
            }
            for (Object field : y.keySet()) if (!x.containsKey(field)) diffs.add(path + name + ": " + field + " only in the second tree");
            if (x.get("subtree") != null && y.get("subtree") != null && !x.get("subtree").equals(y.get("subtree"))) {
                diffs.addAll(nodeDifferences(path + name + "/", (String) x.get("subtree"), (String) y.get("subtree")));
            }
        }
        for (String name : b.keySet()) if (!a.containsKey(name)) diffs.add(path + name + ": only in the second tree");
        return diffs;
    }

    private Map<String, Map<?, ?>> nodes(String treeId) {
        Map<String, Map<?, ?>> byName = new java.util.TreeMap<>();
        for (Object node : (List<?>) Json.object(restic.run("cat", "blob", treeId).ok().out()).get("nodes")) {
            byName.put((String) ((Map<?, ?>) node).get("name"), (Map<?, ?>) node);
        }
        return byName;
    }
}

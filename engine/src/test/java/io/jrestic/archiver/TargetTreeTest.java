package io.jrestic.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root tree layout for backup targets (§10.8), as restic 0.14 builds it (checked with stock restic: e.g.
 * {@code backup a/y ../a/x} gives {@code /a/y} and {@code /a-1/x}; {@code backup d d} gives one {@code d}).
 */
class TargetTreeTest {

    private static TargetTree leaf(String target) {
        return new TargetTree(target, null, Map.of());
    }

    private static TargetTree dir(String path, Map<String, TargetTree> children) {
        return new TargetTree(null, path, new TreeMap<>(children));
    }

    @Test
    void anAbsoluteTargetBecomesNestedDirectoriesEndingInTheTarget() {
        TargetTree root = TargetTree.of(List.of("/srv/data/"));
        assertEquals(Map.of("srv", dir("/srv", Map.of("data", leaf("/srv/data")))), root.children());
    }

    @Test
    void relativeTargetsAreTreatedAsIfUnderTheRootWithMetadataFromTheRealPath() {
        assertEquals(Map.of("src", leaf("src")), TargetTree.of(List.of("./src")).children());
        assertEquals(Map.of("a", dir("a", Map.of("b", leaf("a/b")))), TargetTree.of(List.of("a/b")).children());
        assertEquals(Map.of("x", dir("../x", Map.of("y", leaf("../x/y")))), TargetTree.of(List.of("../x/y")).children());
        assertEquals(Map.of("x", dir("../../x", Map.of("y", leaf("../../x/y")))),
                TargetTree.of(List.of("a/../../../x/y")).children());
    }

    @Test
    void targetsUnderTheSameDirectoryShareItsLevel() {
        TargetTree root = TargetTree.of(List.of("/tmp/a/data", "/tmp/b/data", "/tmp/a/other"));
        assertEquals(Map.of("tmp", dir("/tmp", Map.of(
                "a", dir("/tmp/a", Map.of("data", leaf("/tmp/a/data"), "other", leaf("/tmp/a/other"))),
                "b", dir("/tmp/b", Map.of("data", leaf("/tmp/b/data")))))), root.children());
    }

    @Test
    void topLevelNamesFromDifferentRootDirectoriesGetSuffixes() {
        TargetTree root = TargetTree.of(List.of("data", "../data", "/data", "../../data"));
        assertEquals(Map.of("data", leaf("data"), "data-1", leaf("../data"), "data-2", leaf("/data"),
                "data-3", leaf("../../data")), root.children());
    }

    @Test
    void intermediateDirectoriesFromDifferentRootsAreNotMerged() {
        TargetTree root = TargetTree.of(List.of("a/y", "../a/x"));
        assertEquals(Map.of("a", dir("a", Map.of("y", leaf("a/y"))), "a-1", dir("../a", Map.of("x", leaf("../a/x")))),
                root.children());
    }

    @Test
    void aRepeatedTargetCountsOnce() {
        assertEquals(Map.of("d", leaf("d")), TargetTree.of(List.of("d", "./d", "d/")).children());
    }

    @Test
    void aTargetMadeOnlyOfDotsStandsForItsEntries() throws IOException {
        List<String> entries;
        try (Stream<Path> s = Files.list(Path.of(""))) {
            entries = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        TargetTree root = TargetTree.of(List.of("."));
        assertEquals(entries, List.copyOf(root.children().keySet()));
        for (String e : entries) assertEquals(leaf(e), root.children().get(e));
        assertNull(root.target());
    }

    @Test
    void aTargetInsideAnotherTargetExpandsTheOuterOneIntoItsEntries(@TempDir Path tmp) throws IOException {
        Path outer = tmp.resolve("outer");
        Files.createDirectories(outer.resolve("in/deep"));
        Files.writeString(outer.resolve("file"), "x");
        Files.writeString(outer.resolve("in/other"), "y");
        String o = outer.toString();
        for (List<String> targets : List.of(List.of(o, o + "/in/deep"), List.of(o + "/in/deep", o))) {
            TargetTree root = TargetTree.of(targets);
            TargetTree level = root;
            for (String part : o.substring(1).split("/")) level = level.children().get(part);
            assertEquals(dir(o, Map.of("file", leaf(o + "/file"),
                    "in", dir(o + "/in", Map.of("deep", leaf(o + "/in/deep"), "other", leaf(o + "/in/other"))))), level,
                    "everything under the outer target is included, whatever the order: " + targets);
        }
    }
}

package io.jrestic.cli.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.testkit.StockRestic;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jrestic prune} on real repositories made by jrestic and by stock restic 0.14: afterwards stock
 * {@code restic check --read-data} passes and stock {@code restic restore} gives back the original bytes of every
 * remaining snapshot; and stock {@code restic prune} works on a repository jrestic pruned and wrote.
 */
class PruneInteropTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsRestic() {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
    }

    @Test
    void defaultPruneOfAJresticRepository() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, false);
        int packsBefore = History.packCount(w);
        Workbench.Result r = w.jrestic("prune").ok();
        assertTrue(r.out().contains("collecting packs for deletion and repacking"), r.out());
        assertTrue(r.out().contains("\nto repack:"), r.out());
        assertTrue(r.out().contains("\nunused size after prune: "), r.out());
        assertTrue(r.out().strip().endsWith("done"), r.out());
        assertTrue(r.out().contains("deleting unreferenced packs"), r.out());
        assertTrue(History.packCount(w) < packsBefore);
        w.assertCheckReadsAllData();
        w.assertRestoresMatch();
    }

    @Test
    void maxUnusedZeroRepacksUntilNothingUnusedRemains() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, false);
        Workbench.Result r = w.jrestic("prune", "--max-unused", "0").ok();
        assertTrue(r.out().contains("repacking packs"), r.out());
        assertTrue(r.out().contains("unused size after prune: 0 B (0.00% of remaining size)"), r.out());
        w.assertCheckReadsAllData();
        w.assertRestoresMatch();
        Workbench.Result again = w.jrestic("prune", "--max-unused", "0", "-v").ok();
        assertTrue(again.out().contains("unused:                0 blobs / 0 B"), again.out());
        assertTrue(again.out().contains("to delete:             0 blobs / 0 B"), again.out());
        // restic agrees that nothing is left to prune
        Workbench.Result restic = w.restic("prune", "--dry-run", "--max-unused", "0").ok();
        assertTrue(restic.out().contains("total prune:           0 blobs / 0 B"), restic.out());
    }

    @Test
    void unlimitedPrune() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, false);
        Workbench.Result r = w.jrestic("prune", "--max-unused", "unlimited", "-v").ok();
        assertTrue(r.out().contains("removing "), "wholly unused packs go: " + r.out());
        w.assertCheckReadsAllData();
        w.assertRestoresMatch();
    }

    /** The statistics lines of a verbose prune dry run: equal lines mean an equal plan. */
    private static String statistics(Workbench.Result r) {
        StringBuilder b = new StringBuilder();
        for (String line : r.out().split("\n")) {
            if (line.matches("^(used|duplicates|unused|unreferenced|total|to |this removes|remaining|totally|partly).*")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    @ParameterizedTest(name = "repository written by restic: {0}")
    @ValueSource(booleans = {false, true})
    void planMatchesStockResticForEveryOption(boolean writtenByRestic) throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, writtenByRestic);
        String[][] optionSets = {{}, {"--max-unused", "0"}, {"--max-unused", "unlimited"}, {"--max-unused", "10k"},
                {"--max-unused", "50%"}, {"--max-unused", "0", "--max-repack-size", "100k"},
                {"--max-unused", "0", "--repack-cacheable-only"}, {"--repack-small"}, {"--repack-uncompressed"}};
        for (String[] options : optionSets) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("prune", "--dry-run", "-v"),
                    java.util.Arrays.stream(options)).toArray(String[]::new);
            String restic = statistics(w.restic(args).ok());
            String jrestic = statistics(w.jrestic(args).ok());
            assertTrue(restic.contains("to repack:"), restic);
            assertEquals(restic, jrestic, "prune " + String.join(" ", options));
        }
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, false);
        Set<String> data = w.files("data");
        Set<String> index = w.files("index");
        Workbench.Result r = w.jrestic("prune", "--dry-run", "--max-unused", "0", "-v").ok();
        assertTrue(r.out().contains("Would have repacked and removed the following packs:"), r.out());
        assertTrue(r.out().contains("\ntotal prune: "), r.out());
        assertTrue(!r.out().contains("done"), r.out());
        assertEquals(data, w.files("data"));
        assertEquals(index, w.files("index"));
        assertEquals(Set.of(), w.files("locks"), "the lock is released");
    }

    @Test
    void jsonPrintsOneSummary() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, false);
        Workbench.Result r = w.jrestic("--json", "prune", "--max-unused", "0").ok();
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, r.out());
        assertTrue(lines[0].startsWith("{\"message_type\":\"summary\",\"dry_run\":false,\"used_blobs\":"), lines[0]);
        assertTrue(lines[0].contains("\"unused_size_after_prune\":0,"), lines[0]);
        assertTrue(lines[0].contains("\"result\":{\"unreferenced_packs_deleted\":"), lines[0]);
        w.assertCheckReadsAllData();
    }

    @Test
    void resticRepositoryPrunedByJrestic() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, true);
        w.jrestic("prune", "--max-unused", "0").ok();
        w.assertCheckReadsAllData();
        w.assertRestoresMatch();
    }

    @Test
    void jresticRepositoryPrunedByRestic() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, false);
        w.jrestic("prune").ok();
        String forgotten = w.backedUp.keySet().iterator().next();
        w.restic("forget", forgotten).ok();
        w.backedUp.remove(forgotten);
        w.restic("prune", "--max-unused", "0").ok();
        w.assertCheckReadsAllData();
        w.assertRestoresMatch();
        w.jrestic("prune", "--max-unused", "0").ok();
        w.assertCheckReadsAllData();
    }

    @Test
    void snapshotsForgottenWithResticThenPrunedByJrestic() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, true);
        w.restic("forget", "--keep-last", "1").ok();
        w.backedUp.keySet().retainAll(w.snapshotIds());
        w.jrestic("prune").ok();
        w.assertCheckReadsAllData();
        w.assertRestoresMatch();
    }

    @Test
    void invalidMaxUnusedIsRefused() throws Exception {
        Workbench w = new Workbench(tmp);
        w.jrestic("init").ok();
        for (String bad : new String[] {"100%", "-1%", "x%", "lots", ""}) {
            Workbench.Result r = w.jrestic("prune", "--max-unused", bad);
            assertEquals(1, r.exitCode(), bad);
            assertTrue(r.err().startsWith("Fatal: ") && r.err().contains("--max-unused"), bad + ": " + r.err());
            assertEquals(1, r.err().strip().split("\n").length, r.err());
        }
    }

    @Test
    void missingDataIsRefused() throws Exception {
        Workbench w = new Workbench(tmp);
        History.build(w, false);
        for (String index : w.files("index")) java.nio.file.Files.delete(w.repo.resolve("index").resolve(index));
        Set<String> data = w.files("data");
        Workbench.Result r = w.jrestic("prune");
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().contains("index is not complete"), r.err());
        assertEquals(data, w.files("data"), "nothing was deleted");
    }
}

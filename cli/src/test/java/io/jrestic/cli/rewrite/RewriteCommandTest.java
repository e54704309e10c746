package io.jrestic.cli.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.repair.Bench;
import io.jrestic.testkit.StockRestic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rewrite}: new snapshots without excluded paths, which stock restic checks and restores. */
class RewriteCommandTest {
    @TempDir
    Path tmp;
    Bench bench;
    byte[] keep;
    Bench.Backup backup;

    @BeforeEach
    void backedUp() throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        bench = new Bench(tmp);
        bench.jrestic("init", "-q").ok();
        keep = bench.write("keep/file.bin", 50_000);
        bench.write("cache/junk.bin", 60_000);
        bench.write("keep/skip.tmp", 1_000);
        backup = bench.backup();
    }

    @Test
    void excludedPathsAreGoneFromANewTaggedSnapshotThatNamesItsOriginal() throws Exception {
        Bench.Result r = bench.jrestic("rewrite", "--exclude", bench.source + "/cache", "--exclude", "*.tmp", backup.snapshot()).ok();
        assertTrue(r.out().contains("modified 1 snapshots"), r.out());
        Set<String> snapshots = bench.ids("snapshots");
        assertEquals(2, snapshots.size(), "the original stays without --forget");
        String fresh = snapshots.stream().filter(s -> !s.equals(backup.snapshot())).findFirst().orElseThrow();

        String json = bench.restic("cat", "snapshot", fresh).ok().out();
        assertTrue(json.replace(" ", "").contains("\"original\":\"" + backup.snapshot() + "\""), json);
        assertTrue(json.replaceAll("\\s", "").contains("\"tags\":[\"rewrite\"]"), json);
        bench.assertResticCheckPasses();
        Bench.assertSameFiles(Bench.map("keep/file.bin", keep), bench.restoreWithRestic(fresh));
        assertEquals(3, bench.restoreWithRestic(backup.snapshot()).size());
    }

    @Test
    void forgetReplacesTheSnapshotAndPatternsComeFromAFile() throws Exception {
        Path patterns = tmp.resolve("excludes.txt");
        Files.write(patterns, List.of("# junk", "cache", "*.tmp"));
        Bench.Result r = bench.jrestic("rewrite", "--forget", "--exclude-file", patterns.toString()).ok();
        assertTrue(r.out().contains("removed old snapshot " + backup.snapshot().substring(0, 8)), r.out());
        Set<String> snapshots = bench.ids("snapshots");
        assertEquals(1, snapshots.size());
        assertFalse(snapshots.contains(backup.snapshot()));
        assertFalse(bench.restic("cat", "snapshot", snapshots.iterator().next()).ok().out().contains("\"tags\""));
        assertTrue(bench.ids("locks").isEmpty());
        bench.assertResticCheckPasses();
        Bench.assertSameFiles(Bench.map("keep/file.bin", keep), bench.restoreWithRestic(snapshots.iterator().next()));
    }

    @Test
    void aDryRunOrAnExcludeThatMatchesNothingChangesNothing() throws Exception {
        Set<String> before = bench.ids("snapshots");
        Bench.Result dry = bench.jrestic("rewrite", "--dry-run", "--exclude", "*.tmp").ok();
        assertTrue(dry.out().contains("would save new snapshot") && dry.out().contains("would modify 1 snapshots"), dry.out());
        Bench.Result none = bench.jrestic("rewrite", "--exclude", "/no/such/path").ok();
        assertTrue(none.out().contains("no snapshots were modified"), none.out());
        assertEquals(before, bench.ids("snapshots"));
        assertEquals(1, bench.jrestic("rewrite").exitCode(), "nothing to do without excludes");
    }
}

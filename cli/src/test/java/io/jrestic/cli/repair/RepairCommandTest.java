package io.jrestic.cli.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.testkit.StockRestic;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repair index|snapshots|packs} and {@code rebuild-index} on repositories damaged on purpose: afterwards
 * stock restic's {@code check --read-data} finds nothing wrong and restores what is left.
 */
class RepairCommandTest {
    @TempDir
    Path tmp;
    Bench bench;
    byte[] a;
    byte[] b;
    Bench.Backup first;

    @BeforeEach
    void twoFilesBackedUp() throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        bench = new Bench(tmp);
        bench.jrestic("init", "-q").ok();
        a = bench.write("a.bin", 200_000);
        b = bench.write("dir/b.bin", 150_000);
        first = bench.backup();
    }

    @Test
    void anIndexRebuiltFromPackHeadersSatisfiesRestic() throws Exception {
        for (String index : bench.ids("index")) Files.delete(bench.repo.resolve("index").resolve(index));
        Bench.Result r = bench.jrestic("repair", "index").ok();
        assertTrue(r.out().contains("rebuilding index") && r.out().strip().endsWith("done"), r.out());
        assertTrue(r.err().contains("adding pack file to index"), r.err());
        bench.assertResticCheckPasses();

        bench.restic("rebuild-index").ok(); // restic accepts jrestic's index and rewrites it
        bench.assertResticCheckPasses();
        bench.jrestic("rebuild-index", "--read-all-packs").ok(); // restic 0.14's name, from scratch and verified
        bench.assertResticCheckPasses();
        Bench.assertSameFiles(Bench.map("a.bin", a, "dir/b.bin", b), bench.restoreWithRestic(first.snapshot()));
    }

    @Test
    void aLostPackIsRepairedByIndexThenSnapshots() throws Exception {
        byte[] c = bench.write("dir/c.bin", 100_000);
        Bench.Backup second = bench.backup();
        Files.delete(bench.pack(second.largestPack(bench)));
        assertNotEquals(0, bench.restic("check").exitCode(), "restic sees the damage");

        bench.jrestic("repair", "index").ok();
        Bench.Result dry = bench.jrestic("repair", "snapshots", "--dry-run").ok();
        assertTrue(dry.out().contains("  file \"" + bench.source + "/dir/c.bin\": removed missing content"), dry.out());
        assertTrue(dry.out().contains("would modify 1 snapshots"), dry.out());
        Bench.Result r = bench.jrestic("repair", "snapshots", "--forget").ok();
        assertTrue(r.out().contains("removed old snapshot " + second.snapshot().substring(0, 8)), r.out());
        assertEquals(2, bench.ids("snapshots").size());
        assertTrue(bench.ids("snapshots").contains(first.snapshot()), "the intact snapshot is untouched");

        bench.assertResticCheckPasses();
        String repaired = bench.ids("snapshots").stream().filter(s -> !s.equals(first.snapshot())).findFirst().orElseThrow();
        Map<String, byte[]> restored = bench.restoreWithRestic(repaired);
        assertArrayEquals(new byte[0], restored.get("dir/c.bin"), "a file without content is restored empty");
        assertArrayEquals(a, restored.get("a.bin"));
        assertTrue(c.length > 0);
    }

    @Test
    void aDamagedPackIsSalvagedThenSnapshotsRepaired() throws Exception {
        byte[] c = bench.write("dir/c.bin", 100_000);
        byte[] d = bench.write("dir/d.bin", 120_000);
        Bench.Backup second = bench.backup();
        String pack = second.largestPack(bench);
        Path file = bench.pack(pack);
        file.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(100); // inside the first blob (c.bin or d.bin, whichever was packed first)
            int v = f.read();
            f.seek(100);
            f.write(v ^ 0x40);
        }
        Bench.Result bad = bench.restic("check", "--read-data");
        assertNotEquals(0, bad.exitCode(), "restic sees the damage");

        Path copies = tmp.resolve("copies");
        Bench.Result r = bench.jrestic("repair", "packs", "--backup-dir", copies.toString(), pack).ok();
        assertTrue(r.err().contains("failed to load blob"), r.err());
        assertTrue(r.err().contains("repair snapshots --forget"), r.err());
        assertTrue(Files.exists(copies.resolve("pack-" + pack)));
        assertTrue(!bench.ids("data").contains(pack));
        bench.jrestic("repair", "snapshots", "--forget").ok();
        bench.assertResticCheckPasses();

        String repaired = bench.ids("snapshots").stream().filter(s -> !s.equals(first.snapshot())).findFirst().orElseThrow();
        Map<String, byte[]> restored = bench.restoreWithRestic(repaired);
        boolean cSurvived = java.util.Arrays.equals(c, restored.get("dir/c.bin"));
        boolean dSurvived = java.util.Arrays.equals(d, restored.get("dir/d.bin"));
        assertTrue(cSurvived != dSurvived, "exactly the damaged file lost its content");
        assertEquals(Set.of("a.bin", "dir/b.bin", "dir/c.bin", "dir/d.bin"), restored.keySet());
    }

    @Test
    void anUnreadableSnapshotFileIsRemovedOnlyWhenNamedWithForget() throws Exception {
        Path snapshot = bench.repo.resolve("snapshots").resolve(first.snapshot());
        snapshot.toFile().setWritable(true);
        Files.write(snapshot, new byte[] {1, 2, 3});
        Bench.Result refused = bench.jrestic("repair", "snapshots");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("repair snapshots --forget " + first.snapshot()), refused.err());
        Bench.Result r = bench.jrestic("repair", "snapshots", "--forget", first.snapshot()).ok();
        assertTrue(r.out().contains("removed unreadable snapshot " + first.snapshot()), r.out());
        assertTrue(bench.ids("snapshots").isEmpty());
        bench.assertResticCheckPasses();
    }
}

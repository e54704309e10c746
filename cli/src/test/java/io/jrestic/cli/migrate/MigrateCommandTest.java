package io.jrestic.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.repair.Bench;
import io.jrestic.testkit.StockRestic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate upgrade_repo_v2} on a version 1 repository made by stock restic: afterwards jrestic's backups
 * compress, and stock restic reads the mixed repository.
 */
class MigrateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aResticVersion1RepositoryIsUpgradedAndThenHoldsCompressedData() throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        Bench bench = new Bench(tmp);
        bench.restic("init", "--repository-version", "1").ok();
        byte[] old = bench.write("old.bin", 80_000);
        bench.restic("backup", "-q", bench.source.toString()).ok();
        String v1Snapshot = bench.ids("snapshots").iterator().next();

        Bench.Result list = bench.jrestic("migrate").ok();
        assertTrue(list.out().contains("  upgrade_repo_v2\tupgrade a repository to version 2"), list.out());
        Bench.Result r = bench.jrestic("migrate", "upgrade_repo_v2").ok();
        assertTrue(r.out().contains("checking repository integrity...") && r.out().contains("migration upgrade_repo_v2: success"), r.out());
        assertTrue(bench.restic("cat", "config").ok().out().contains("\"version\": 2"));
        assertTrue(bench.jrestic("migrate").ok().out().contains("no migrations found"));
        Bench.Result again = bench.jrestic("migrate", "upgrade_repo_v2");
        assertTrue(again.err().contains("cannot be applied: repository is already upgraded to version 2"), again.err());

        byte[] text = "text compresses well\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        Files.write(bench.source.resolve("new.txt"), text);
        Bench.Backup second = bench.backup();
        String newPack = second.largestPack(bench);
        assertTrue(Files.size(bench.pack(newPack)) < text.length / 10, "the new data is compressed");

        bench.assertResticCheckPasses();
        Bench.assertSameFiles(Bench.map("old.bin", old), bench.restoreWithRestic(v1Snapshot));
        Bench.assertSameFiles(Bench.map("old.bin", old, "new.txt", text), bench.restoreWithRestic(second.snapshot()));
        assertEquals(0, bench.ids("locks").size());
    }
}

package io.jrestic.cli.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.command.PruneCommand;
import io.jrestic.testkit.DirectoryTrees;
import io.jrestic.testkit.StockRestic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code jrestic prune} process killed at a chosen point (through the {@link PruneCommand#KILL_AT_VARIABLE}
 * hook, which halts the JVM as abruptly as SIGKILL and leaves its lock behind) leaves a repository that stock
 * restic accepts once a user has run {@code restic unlock}; a second {@code jrestic prune} then finishes the job.
 */
class PruneKillTest {
    private static Path template;
    private static Map<String, Map<String, byte[]>> templateSnapshots;
    private static Path templateSource;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildHistoryOnce() throws Exception {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        template = Files.createTempDirectory("jrestic-prune-kill-");
        Workbench w = new Workbench(template);
        History.build(w, false);
        templateSnapshots = Map.copyOf(w.backedUp);
        templateSource = w.source;
    }

    @AfterAll
    static void removeTemplate() throws Exception {
        if (template != null) Workbench.deleteTree(template);
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"unreferenced-pack-deleted", "repacking", "repacked-pack-saved", "repack-index-saved",
            "index-file-saved", "deleting-old-index-files", "old-index-file-deleted:2", "pack-deleted", "pack-deleted:2"})
    void killedPruneLeavesAValidRepositoryAndARerunFinishes(String point) throws Exception {
        Workbench w = new Workbench(tmp);
        DirectoryTrees.copy(template.resolve("repo"), w.repo);
        w.backedUpFrom = templateSource;
        w.backedUp.putAll(templateSnapshots);

        Workbench.Result killed = w.jresticProcess(Map.of(PruneCommand.KILL_AT_VARIABLE, point), "prune", "--max-unused", "0");
        assertEquals(PruneCommand.KILLED_STATUS, killed.exitCode(), "the prune reached " + point + ", exit " + killed.exitCode() + ":\n" + killed.out() + killed.err());
        assertTrue(Files.list(w.repo.resolve("locks")).findAny().isPresent(), "a killed prune leaves its lock");

        w.restic("unlock").ok();
        Workbench.Result check = w.restic("check").ok();
        assertTrue(check.out().contains("no errors were found"), check.out() + check.err());

        Workbench.Result rerun = w.jrestic("prune", "--max-unused", "0").ok();
        assertTrue(rerun.out().strip().endsWith("done"), rerun.out());
        w.assertCheckReadsAllData();
        w.assertRestoresMatch();
        Workbench.Result nothingLeft = w.jrestic("prune", "--max-unused", "0", "--dry-run").ok();
        assertTrue(nothingLeft.out().contains("total prune:           0 blobs / 0 B"), nothingLeft.out());
    }
}

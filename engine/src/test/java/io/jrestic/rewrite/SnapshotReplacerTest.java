package io.jrestic.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileType;
import io.jrestic.config.Config;
import io.jrestic.filter.PathFilter;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replacing snapshots as {@code rewrite --exclude} does: original, tag, forget, dry run. */
class SnapshotReplacerTest {
    private final List<String> messages = new ArrayList<>();

    private static ExcludeRewrite excluding(Repository repo, String... patterns) {
        return new ExcludeRewrite(repo, List.of(PathFilter.of(List.of(patterns))), path -> { });
    }

    @Test
    void aRewrittenSnapshotNamesItsOriginalAndIsTagged() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        try (Repository repo = f.open()) {
            IdentifiedSnapshot old = new IdentifiedSnapshot(f.snapshot, Snapshots.load(repo, f.snapshot));
            SnapshotReplacer.Result r = new SnapshotReplacer(repo, false, false, "rewrite", messages::add)
                    .replace(old, excluding(repo, "/src/sub"));
            assertEquals(SnapshotReplacer.Outcome.REPLACED, r.outcome());
            Snapshot fresh = Snapshots.load(repo, r.newSnapshot());
            assertEquals(f.snapshot, fresh.original());
            assertEquals(List.of("rewrite"), fresh.tags());
            assertEquals(old.snapshot().time(), fresh.time());
            assertEquals(List.of(f.snapshot, r.newSnapshot()).stream().sorted().toList(),
                    repo.list(FileType.SNAPSHOT).stream().sorted().toList(), "the old snapshot stays without --forget");
            try (Repository reopened = f.open()) { // the new trees are indexed
                Tree src = SnapshotFixture.tree(reopened, SnapshotFixture.tree(reopened, fresh.tree()).nodes().getFirst().subtree());
                assertEquals(List.of("a"), src.nodes().stream().map(n -> n.nameAsString()).toList());
            }
            assertEquals(List.of("saved new snapshot " + r.newSnapshot().toShortString()), messages);
        }
    }

    @Test
    void forgetRemovesTheOldSnapshotAndAddsNoTag() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        try (Repository repo = f.open()) {
            IdentifiedSnapshot old = new IdentifiedSnapshot(f.snapshot, Snapshots.load(repo, f.snapshot));
            Id fresh = new SnapshotReplacer(repo, false, true, "rewrite", messages::add)
                    .replace(old, excluding(repo, "*/c")).newSnapshot();
            assertEquals(List.of(fresh), repo.list(FileType.SNAPSHOT));
            assertTrue(Snapshots.load(repo, fresh).tags().isEmpty());
            assertEquals("removed old snapshot " + f.snapshot.toShortString(), messages.getLast());
        }
    }

    @Test
    void nothingExcludedMeansUnchangedAndADryRunWritesNothing() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        try (Repository repo = f.open()) {
            IdentifiedSnapshot old = new IdentifiedSnapshot(f.snapshot, Snapshots.load(repo, f.snapshot));
            int files = f.backend.fileCount();
            assertFalse(new SnapshotReplacer(repo, false, true, "rewrite", messages::add)
                    .replace(old, excluding(repo, "/nothing/here")).changed());
            SnapshotReplacer.Result dry = new SnapshotReplacer(repo, true, true, "rewrite", messages::add)
                    .replace(old, excluding(repo, "/src/a"));
            assertEquals(SnapshotReplacer.Outcome.REPLACED, dry.outcome());
            assertEquals(files, f.backend.fileCount(), "no file written or removed");
            assertEquals(List.of("would save new snapshot", "would remove old snapshot"), messages);
        }
    }
}

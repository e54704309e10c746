package io.jrestic.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.rewrite.SnapshotFixture;
import io.jrestic.rewrite.SnapshotReplacer;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.tree.Node;
import io.jrestic.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code repair snapshots}: restic's documented handling of missing content, subtrees and roots. */
class SnapshotRepairTest {
    private final List<String> messages = new ArrayList<>();
    private final RepairListener listener = new RepairListener() {
        @Override
        public void info(String line) {
            messages.add(line);
        }

        @Override
        public void warn(String line) {
            messages.add(line);
        }
    };

    private SnapshotReplacer.Result repair(SnapshotFixture f, boolean forget) throws Exception {
        try (Repository repo = f.open()) {
            IdentifiedSnapshot s = new IdentifiedSnapshot(f.snapshot, Snapshots.load(repo, f.snapshot));
            return new SnapshotReplacer(repo, false, forget, SnapshotRepair.TAG, messages::add)
                    .replace(s, new SnapshotRepair(repo, listener));
        }
    }

    private static Node child(Repository repo, Id tree, String name) throws Exception {
        return SnapshotFixture.tree(repo, tree).nodes().stream().filter(n -> n.nameAsString().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aFileKeepsTheContentThatExistsWithAMatchingSize() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        f.backend.remove(FileHandle.of(FileType.PACK, f.packOfB));
        try (Repository repo = f.open()) {
            IndexRepair.run(repo, false, RepairListener.NONE);
        }
        SnapshotReplacer.Result r = repair(f, false);
        assertEquals(List.of("  file \"/src/sub/b\": removed missing content",
                "saved new snapshot " + r.newSnapshot().toShortString()), messages);
        try (Repository repo = f.open()) {
            Snapshot fresh = Snapshots.load(repo, r.newSnapshot());
            assertEquals(f.snapshot, fresh.original());
            assertEquals(List.of("repaired"), fresh.tags());
            Id src = child(repo, fresh.tree(), "src").subtree();
            Id sub = child(repo, src, "sub").subtree();
            Node b = child(repo, sub, "b");
            assertEquals(List.of(), b.content());
            assertEquals(0, b.size());
            assertEquals(SnapshotFixture.BLOB, child(repo, sub, "c").size(), "the intact file is untouched");
            assertEquals(f.contentA, child(repo, src, "a").content());
        }
    }

    @Test
    void aSubtreeThatCannotBeLoadedBecomesAnEmptyDirectory() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        // Keep the root and /src trees, lose /src/sub: rewrite the tree pack without it.
        try (Repository repo = f.open()) {
            FileHandle trees = FileHandle.of(FileType.PACK, f.treePack);
            byte[] bytes = f.backend.bytes(trees);
            long offset = repo.index().lookup(io.jrestic.pack.BlobType.TREE, f.subTree).orElseThrow().offset();
            bytes[(int) offset + 20] ^= 1;
            f.backend.replace(trees, bytes);
        }
        SnapshotReplacer.Result r = repair(f, true);
        assertTrue(messages.contains("  dir \"/src/sub\": replaced with empty directory"), messages.toString());
        try (Repository repo = f.open()) {
            assertEquals(List.of(r.newSnapshot()), repo.list(FileType.SNAPSHOT), "--forget removed the damaged snapshot");
            Snapshot fresh = Snapshots.load(repo, r.newSnapshot());
            assertTrue(fresh.tags().isEmpty());
            Id src = child(repo, fresh.tree(), "src").subtree();
            assertEquals(Tree.EMPTY, SnapshotFixture.tree(repo, child(repo, src, "sub").subtree()));
        }
    }

    @Test
    void aSnapshotWhoseRootIsGoneIsRemoved() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        f.backend.remove(FileHandle.of(FileType.PACK, f.treePack));
        try (Repository repo = f.open()) {
            IndexRepair.run(repo, false, RepairListener.NONE);
        }
        SnapshotReplacer.Result r = repair(f, false);
        assertEquals(SnapshotReplacer.Outcome.REMOVED, r.outcome());
        assertEquals(List.of("  dir \"/\": not readable", "removed empty snapshot " + f.snapshot.toShortString()), messages);
        try (Repository repo = f.open()) {
            assertTrue(repo.list(FileType.SNAPSHOT).isEmpty());
        }
    }

    @Test
    void anIntactSnapshotIsLeftAlone() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_1).backup();
        int files = f.backend.fileCount();
        assertEquals(SnapshotReplacer.Outcome.UNCHANGED, repair(f, true).outcome());
        assertEquals(files, f.backend.fileCount());
        assertTrue(messages.isEmpty());
    }
}

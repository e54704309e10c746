package io.jrestic.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.tree.Node;
import io.jrestic.tree.Tree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tree rewriter changes what its functions change, keeps every untouched tree's ID and bytes, and saves only new trees. */
class TreeRewriterTest {
    private final List<byte[]> saved = new ArrayList<>();
    private final TreeSink recording = json -> {
        saved.add(json);
        return Id.hash(json);
    };

    @Test
    void keepingEveryNodeKeepsTheRootAndSavesNothing() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        try (Repository repo = f.open()) {
            TreeRewriter r = new TreeRewriter(repo, recording, NodeRewrite.KEEP, FailedTree.FAIL, false, false);
            assertEquals(f.root, r.rewriteRoot(f.root));
            assertTrue(saved.isEmpty());
        }
    }

    @Test
    void droppingANodeRewritesItsAncestorsOnlyAndSeesFullPaths() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        try (Repository repo = f.open()) {
            List<String> paths = new ArrayList<>();
            NodeRewrite dropA = (node, path) -> {
                paths.add(path);
                return path.equals("/src/a") ? null : node;
            };
            TreeRewriter r = new TreeRewriter(repo, recording, dropA, FailedTree.FAIL, false, false);
            Id newRoot = r.rewriteRoot(f.root);
            assertNotEquals(f.root, newRoot);
            assertEquals(List.of("/src", "/src/a", "/src/sub", "/src/sub/b", "/src/sub/c"), paths);
            assertEquals(2, saved.size(), "new /src and new root; /src/sub is untouched");
            Tree src = io.jrestic.tree.TreeCodec.decode(saved.get(0));
            assertEquals(1, src.size());
            assertEquals(f.subTree, src.nodes().getFirst().subtree(), "the untouched subtree keeps its ID");
        }
    }

    @Test
    void aTreeThatCannotBeLoadedGoesToTheFailedTreeFunction() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        f.backend.remove(FileHandle.of(FileType.PACK, f.treePack));
        try (Repository repo = f.open()) {
            List<String> failed = new ArrayList<>();
            TreeRewriter dropping = new TreeRewriter(repo, recording, NodeRewrite.KEEP, (id, path, e) -> {
                failed.add(path);
                return null;
            }, true, true);
            assertNull(dropping.rewriteRoot(f.root), "a dropped root");
            assertEquals(List.of("/"), failed);
            TreeRewriter failing = new TreeRewriter(repo, recording, NodeRewrite.KEEP, FailedTree.FAIL, true, true);
            assertThrows(io.jrestic.repository.RepositoryCorruptException.class, () -> failing.rewriteRoot(f.root));
        }
    }

    @Test
    void aChangedTreeThatNeitherDialectReproducesIsRefusedUnlessAllowed() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2);
        Id root;
        try (Repository repo = f.open(); BlobSaver s = repo.newBlobSaver()) {
            // an extra key restic's decoder ignores: re-encoding would lose it
            byte[] json = ("{\"nodes\":[{\"name\":\"x\",\"type\":\"file\",\"mtime\":\"0001-01-01T00:00:00Z\","
                    + "\"atime\":\"0001-01-01T00:00:00Z\",\"ctime\":\"0001-01-01T00:00:00Z\",\"uid\":0,\"gid\":0,"
                    + "\"content\":[],\"future_field\":1}]}\n").getBytes(StandardCharsets.UTF_8);
            root = s.save(BlobType.TREE, json, 0, json.length).id();
            s.flush();
        }
        try (Repository repo = f.open()) {
            NodeRewrite touch = (node, path) -> node.withContent(List.of(), 1);
            RewriteException e = assertThrows(RewriteException.class,
                    () -> new TreeRewriter(repo, recording, touch, FailedTree.FAIL, false, false).rewriteRoot(root));
            assertEquals("cannot encode tree at \"/\" without losing information", e.getMessage());
            Id repaired = new TreeRewriter(repo, recording, touch, FailedTree.FAIL, true, false).rewriteRoot(root);
            assertNotEquals(root, repaired);
            Node kept = io.jrestic.tree.TreeCodec.decode(saved.getLast()).nodes().getFirst();
            assertEquals(1, kept.size());
        }
    }

    @Test
    void memoizingRewritesASharedTreeOnce() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        try (Repository repo = f.open()) {
            int[] visits = {0};
            NodeRewrite count = (node, path) -> {
                visits[0]++;
                return node;
            };
            TreeRewriter r = new TreeRewriter(repo, recording, count, FailedTree.FAIL, false, true);
            r.rewriteRoot(f.root);
            int first = visits[0];
            r.rewriteRoot(f.root);
            assertEquals(first, visits[0]);
        }
    }
}

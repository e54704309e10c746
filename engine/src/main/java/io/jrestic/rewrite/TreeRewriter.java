package io.jrestic.rewrite;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Derives new trees from old ones (restic's tree rewriter): every node passes through a {@link NodeRewrite},
 * directories are rewritten depth first, and a tree that cannot be loaded is handed to a {@link FailedTree}.
 *
 * <p>A tree none of whose nodes changed keeps its ID: it is neither re-encoded nor saved again, so trees written
 * by other restic versions survive byte for byte. A changed tree is encoded in the dialect that reproduces the
 * original tree's bytes ({@link TreeCodec#RESTIC_0_14} or {@link TreeCodec#LATEST}); if neither does, the rewrite
 * fails with a {@link RewriteException} unless {@code allowUnstableSerialization} (as for {@code repair
 * snapshots}, where losing a field beats losing the snapshot). Not thread-safe.
 */
public final class TreeRewriter {
    private final Repository repo;
    private final TreeSink sink;
    private final NodeRewrite nodeRewrite;
    private final FailedTree failedTree;
    private final boolean allowUnstableSerialization;
    /** Old tree ID → its rewrite (empty: dropped); null when decisions depend on paths and cannot be reused. */
    private final Map<Id, Optional<Id>> done;

    /**
     * @param memoize reuse the result for a tree seen before; only correct when {@code nodeRewrite} and
     *                {@code failedTree} do not depend on the path (true for repairs, false for exclude filters)
     */
    public TreeRewriter(Repository repo, TreeSink sink, NodeRewrite nodeRewrite, FailedTree failedTree,
                        boolean allowUnstableSerialization, boolean memoize) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.nodeRewrite = Objects.requireNonNull(nodeRewrite, "nodeRewrite");
        this.failedTree = Objects.requireNonNull(failedTree, "failedTree");
        this.allowUnstableSerialization = allowUnstableSerialization;
        this.done = memoize ? new HashMap<>() : null;
    }

    /** Rewrites a snapshot's root tree; returns the new root's ID (the same if nothing changed), or null if dropped. */
    public Id rewriteRoot(Id rootTree) throws IOException {
        return rewrite("/", rootTree);
    }

    /** Rewrites the tree at {@code path}; null if it is dropped. */
    Id rewrite(String path, Id treeId) throws IOException {
        if (done != null && treeId != null) {
            Optional<Id> known = done.get(treeId);
            if (known != null) return known.orElse(null);
        }
        Id result = rewriteUncached(path, treeId);
        if (done != null && treeId != null) done.put(treeId, Optional.ofNullable(result));
        return result;
    }

    private Id rewriteUncached(String path, Id treeId) throws IOException {
        byte[] original;
        Tree tree;
        try {
            if (treeId == null) throw new RepositoryCorruptException("directory " + path + " has no subtree");
            original = repo.loadBlob(BlobType.TREE, treeId);
            try {
                tree = TreeCodec.decode(original);
            } catch (IllegalArgumentException e) {
                throw new RepositoryCorruptException("tree " + treeId + " at " + path + ": " + e.getMessage(), e);
            }
        } catch (RepositoryCorruptException e) {
            Tree replacement = failedTree.replace(treeId, path, e);
            return replacement == null ? null : sink.save(TreeCodec.RESTIC_0_14.encode(replacement));
        }

        List<Node> nodes = new ArrayList<>(tree.size());
        boolean changed = false;
        for (Node node : tree.nodes()) {
            String childPath = join(path, node);
            Node rewritten = nodeRewrite.rewrite(node, childPath);
            if (rewritten == null) {
                changed = true;
                continue;
            }
            if (rewritten.type() == NodeType.DIR) {
                Id subtree = rewrite(childPath, rewritten.subtree());
                if (subtree == null) {
                    changed = true;
                    continue;
                }
                if (!subtree.equals(rewritten.subtree())) rewritten = rewritten.withSubtree(subtree);
            }
            if (!rewritten.equals(node)) changed = true;
            nodes.add(rewritten);
        }
        if (!changed) return treeId;
        Tree result = Tree.sorted(nodes);
        return sink.save(codecFor(tree, original, path).encode(result));
    }

    /** The dialect that reproduces {@code original} from {@code tree}, so a rewrite loses nothing. */
    private TreeCodec codecFor(Tree tree, byte[] original, String path) throws RewriteException {
        if (Arrays.equals(TreeCodec.RESTIC_0_14.encode(tree), original)) return TreeCodec.RESTIC_0_14;
        if (Arrays.equals(TreeCodec.LATEST.encode(tree), original)) return TreeCodec.LATEST;
        if (allowUnstableSerialization) return TreeCodec.RESTIC_0_14;
        throw new RewriteException("cannot encode tree at \"" + path + "\" without losing information");
    }

    /** Go's {@code path.Join(dir, name)} for a tree path and a node name. */
    static String join(String dir, Node node) {
        String name = node.nameAsString();
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}

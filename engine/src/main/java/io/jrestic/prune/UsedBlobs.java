package io.jrestic.prune;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.tree.Node;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The blobs snapshots use (§18.1 step 2): every tree reachable from the given root trees and every data blob in
 * a file's content. Each tree is read once, however many snapshots share it. A tree the index does not know is
 * still reported as used (and not descended into), so the planner refuses to prune an incomplete repository
 * rather than this walk failing half-way.
 */
public final class UsedBlobs {
    private UsedBlobs() {
    }

    /** Walks the trees under {@code roots} through {@code repo}'s loaded index. */
    public static Set<BlobHandle> find(Repository repo, Collection<Id> roots) throws IOException {
        Set<BlobHandle> used = new HashSet<>();
        Deque<Id> pending = new ArrayDeque<>();
        for (Id root : roots) {
            if (used.add(new BlobHandle(BlobType.TREE, root))) pending.push(root);
        }
        while (!pending.isEmpty()) {
            Id treeId = pending.pop();
            if (!repo.index().has(BlobType.TREE, treeId)) continue; // reported as missing by the planner
            Tree tree;
            try {
                tree = TreeCodec.decode(repo.loadBlob(BlobType.TREE, treeId));
            } catch (IllegalArgumentException e) {
                throw new PruneException("unable to load tree " + treeId + " from the repository: " + e.getMessage(), e);
            }
            for (Node node : tree.nodes()) {
                if (node.content() != null) {
                    for (Id data : node.content()) used.add(new BlobHandle(BlobType.DATA, data));
                }
                Id subtree = node.subtree();
                if (subtree != null && used.add(new BlobHandle(BlobType.TREE, subtree))) pending.push(subtree);
            }
        }
        return used;
    }
}

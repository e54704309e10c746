package io.jrestic.rewrite;

import io.jrestic.id.Id;
import io.jrestic.tree.Tree;
import java.io.IOException;

/** Decides what takes the place of a tree that cannot be loaded (missing, damaged or undecodable). */
@FunctionalInterface
public interface FailedTree {
    /** Fails the rewrite with the load error: the default, as restic's. */
    FailedTree FAIL = (treeId, path, error) -> {
        throw error;
    };

    /**
     * @param treeId the tree that failed to load, or null if the directory node had no subtree
     * @param path   the directory's path in the snapshot ({@code /} for the root)
     * @return the tree to save in its place, or null to drop the directory (for the root: drop the snapshot)
     */
    Tree replace(Id treeId, String path, IOException error) throws IOException;
}

package io.jrestic.rewrite;

import io.jrestic.tree.Node;

/** Changes one node of a tree as a rewrite walks it; returning {@code null} removes the node. */
@FunctionalInterface
public interface NodeRewrite {
    /** Leaves every node as it is. */
    NodeRewrite KEEP = (node, path) -> node;

    /**
     * @param path the node's path in the snapshot, slash-separated from the root ({@code /home/user/file})
     * @return the node to keep (the same or a changed one), or null to drop it
     */
    Node rewrite(Node node, String path);
}

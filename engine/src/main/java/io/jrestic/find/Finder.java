package io.jrestic.find;

import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.tree.GoQuote;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.walker.TreeWalker;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Searches snapshots one after the other as restic 0.14's {@code find} does. One finder remembers, across all
 * snapshots it searches, the subtrees in which nothing matched and skips them afterwards (restic's walker
 * {@code ignoreTrees}); use a fresh finder per search. Needs the repository's index loaded. Not thread-safe.
 */
public final class Finder {
    private final TreeWalker walker;
    private final Set<Id> ignoredTrees = new HashSet<>();

    /** Receives the nodes a name search matched. */
    public interface NameMatches {
        void found(IdentifiedSnapshot snapshot, byte[] path, Node node) throws IOException;
    }

    /** Receives the objects an ID search found. */
    public interface IdMatches {
        /**
         * @param kind       "blob" or "tree"
         * @param path       the file holding the blob, or the directory whose subtree it is
         * @param parentTree for a blob, the tree listing its file; null for a tree
         */
        void found(String kind, Id id, byte[] path, Id parentTree, IdentifiedSnapshot snapshot) throws IOException;
    }

    public Finder(Repository repo) {
        this.walker = new TreeWalker(repo);
    }

    /** The outcome of visiting one node, restic's (ignore, error) pair. */
    private enum Verdict {
        /** Something here (or possibly below) matched. */
        KEEP(false, false),
        /** Nothing here matched. */
        IGNORE(true, false),
        /** Nothing here or below can match: do not descend. */
        IGNORE_SUBTREE(true, true);

        final boolean ignore;
        final boolean skip;

        Verdict(boolean ignore, boolean skip) {
            this.ignore = ignore;
            this.skip = skip;
        }
    }

    private interface NodeVisitor {
        Verdict visit(Id parentTree, byte[] path, Node node) throws IOException;
    }

    /** Ends a snapshot's walk early (restic's "OK" error). */
    private static final class StopWalk extends RuntimeException {
        StopWalk() {
            super(null, null, false, false);
        }
    }

    /** Reports every node of {@code snapshot} whose path matches {@code pattern}, in tree order. */
    public void findNames(IdentifiedSnapshot snapshot, NamePattern pattern, NameMatches out) throws IOException {
        walk(snapshot, (parent, path, node) -> {
            boolean matched = pattern.matches(path);
            Verdict noMatch = Verdict.IGNORE;
            if (node.type() == NodeType.DIR) noMatch = pattern.childMayMatch(path) ? Verdict.KEEP : Verdict.IGNORE_SUBTREE;
            if (!matched || !pattern.inTimeRange(node)) return noMatch;
            out.found(snapshot, path, node);
            return Verdict.KEEP;
        });
    }

    /** Reports where in {@code snapshot} the blobs or trees of {@code query} occur. */
    public void findIds(IdentifiedSnapshot snapshot, IdQuery query, IdMatches out) throws IOException {
        try {
            walk(snapshot, (parent, path, node) -> {
                if (node.type() == NodeType.DIR && query.wantsTree(node.subtree())) {
                    out.found("tree", node.subtree(), path, null, snapshot);
                    query.treesFound++;
                    if (query.allTreesFound()) throw new StopWalk();
                }
                if (node.type() == NodeType.FILE && node.content() != null) {
                    for (Id blob : node.content()) {
                        if (query.wantsBlob(blob)) out.found("blob", blob, path, parent, snapshot);
                    }
                }
                return Verdict.KEEP;
            });
        } catch (StopWalk e) {
            // every tree asked for was found; the next snapshot is still searched
        }
    }

    private void walk(IdentifiedSnapshot snapshot, NodeVisitor visitor) throws IOException {
        Id root = snapshot.snapshot().tree();
        if (root == null) throw new RepositoryCorruptException("snapshot " + snapshot.id().toShortString() + " has no tree");
        walk(new byte[] {'/'}, root, walker.loadTree(root), visitor);
    }

    /** restic's walker: returns true if every node of the tree was ignored, so the tree can be skipped later. */
    private boolean walk(byte[] prefix, Id treeId, Tree tree, NodeVisitor visitor) throws IOException {
        boolean allIgnored = !tree.isEmpty();
        for (Node node : tree.nodes()) {
            byte[] path = TreeWalker.join(prefix, node.name());
            if (node.type() != NodeType.DIR) {
                Verdict v = visitor.visit(treeId, path, node);
                if (v.skip) return allIgnored;
                if (!v.ignore) allIgnored = false;
                continue;
            }
            if (node.subtree() == null) {
                throw new RepositoryCorruptException("subtree for node \"" + GoQuote.quote(node.name()) + "\" in tree " + treeId + " is nil");
            }
            if (ignoredTrees.contains(node.subtree())) continue;
            Tree subtree = walker.loadTree(node.subtree());
            Verdict v = visitor.visit(treeId, path, node);
            if (v.ignore) ignoredTrees.add(node.subtree());
            else allIgnored = false;
            if (v.skip) continue;
            if (walk(path, node.subtree(), subtree, visitor)) ignoredTrees.add(node.subtree());
            else allIgnored = false;
        }
        return allIgnored;
    }
}

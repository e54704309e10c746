package io.jrestic.rewrite;

import io.jrestic.filter.PathFilter;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotSummary;
import io.jrestic.tree.NodeType;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code rewrite --exclude}: a snapshot's tree without the nodes an exclude filter matches (paths as in the
 * snapshot, e.g. {@code /home/user/.cache}). A snapshot that keeps its summary gets restic's updated
 * {@code total_files_processed} and {@code total_bytes_processed} for what remains.
 */
public final class ExcludeRewrite implements SnapshotReplacer.TreeFunction {
    private final Repository repo;
    private final List<PathFilter> excludes;
    private final Consumer<String> excluded;

    /**
     * @param excludes a node is dropped if any of these filters matches its path
     * @param excluded told each dropped path (restic prints them with {@code -vv})
     */
    public ExcludeRewrite(Repository repo, List<PathFilter> excludes, Consumer<String> excluded) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.excludes = List.copyOf(excludes);
        this.excluded = Objects.requireNonNull(excluded, "excluded");
    }

    /** True if a node at {@code path} is excluded. */
    public boolean excludes(String path) {
        for (PathFilter f : excludes) {
            if (f.matches(path)) return true;
        }
        return false;
    }

    @Override
    public SnapshotReplacer.Rewritten rewrite(Snapshot snapshot, TreeSink sink) throws IOException {
        long[] files = {0};
        long[] bytes = {0};
        NodeRewrite filter = (node, path) -> {
            if (excludes(path)) {
                excluded.accept(path);
                return null;
            }
            if (node.type() == NodeType.FILE) {
                files[0]++;
                bytes[0] += node.size();
            }
            return node;
        };
        // Decisions depend on paths, so a tree reached under two paths is rewritten for each (no memo).
        TreeRewriter rewriter = new TreeRewriter(repo, sink, filter, FailedTree.FAIL, false, false);
        io.jrestic.id.Id tree = rewriter.rewriteRoot(snapshot.tree());
        SnapshotSummary summary = snapshot.summary();
        if (summary != null && !tree.equals(snapshot.tree())) {
            summary = new SnapshotSummary(summary.backupStart(), summary.backupEnd(), summary.filesNew(),
                    summary.filesChanged(), summary.filesUnmodified(), summary.dirsNew(), summary.dirsChanged(),
                    summary.dirsUnmodified(), summary.dataBlobs(), summary.treeBlobs(), summary.dataAdded(),
                    summary.dataAddedPacked(), files[0], bytes[0]);
        } else {
            summary = null;
        }
        return new SnapshotReplacer.Rewritten(tree, summary);
    }
}

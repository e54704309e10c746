package io.jrestic.repair;

import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.rewrite.SnapshotReplacer;
import io.jrestic.rewrite.TreeRewriter;
import io.jrestic.rewrite.TreeSink;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code repair snapshots}: a snapshot's trees rewritten so that they reference only what the index has, as
 * restic (≥ 0.16) documents it:
 *
 * <ul>
 *   <li>a file whose content lists data blobs the index lacks keeps the blobs that exist, and its size becomes
 *       their total ("removed missing content"); a file whose size disagrees with intact content gets the right
 *       size ("fixed incorrect size");</li>
 *   <li>a subtree that cannot be loaded becomes an empty directory ("replaced with empty directory");</li>
 *   <li>a root tree that cannot be loaded drops the whole snapshot ("not readable").</li>
 * </ul>
 *
 * The decisions depend only on blob IDs, so a tree shared by several directories or snapshots is rewritten once
 * per instance of this class. Relies on a correct index: run {@link IndexRepair} first.
 */
public final class SnapshotRepair implements SnapshotReplacer.TreeFunction {
    /** The tag restic adds to a repaired snapshot unless the damaged one is forgotten. */
    public static final String TAG = "repaired";

    private final Repository repo;
    private final RepairListener listener;
    private final MasterIndex index;
    /** Kept across snapshots, so a tree shared by several snapshots is rewritten (and reported) once. */
    private TreeRewriter rewriter;
    private TreeSink currentSink;

    public SnapshotRepair(Repository repo, RepairListener listener) {
        this.repo = repo;
        this.listener = listener;
        this.index = repo.index();
    }

    @Override
    public SnapshotReplacer.Rewritten rewrite(Snapshot snapshot, TreeSink sink) throws IOException {
        currentSink = sink;
        if (rewriter == null) {
            // The sink of the snapshot being rewritten is used even when the memo serves trees saved for an
            // earlier snapshot: those were flushed before that snapshot was saved, so they are durable.
            rewriter = new TreeRewriter(repo, json -> currentSink.save(json), this::repairNode, this::replaceTree, true, true);
        }
        return new SnapshotReplacer.Rewritten(rewriter.rewriteRoot(snapshot.tree()), null);
    }

    /** Drops missing data blobs from a file's content and makes its size match what remains. */
    Node repairNode(Node node, String path) {
        if (node.type() != NodeType.FILE) return node;
        List<Id> content = node.content() == null ? List.of() : node.content();
        List<Id> kept = new ArrayList<>(content.size());
        long size = 0;
        boolean missing = false;
        for (Id blob : content) {
            Optional<IndexEntry> entry = index.lookup(BlobType.DATA, blob);
            if (entry.isEmpty()) {
                missing = true;
                continue;
            }
            kept.add(blob);
            size += entry.get().plaintextLength();
        }
        if (missing) {
            listener.info("  file \"" + path + "\": removed missing content");
        } else if (size != node.size()) {
            listener.info("  file \"" + path + "\": fixed incorrect size");
        }
        if (!missing && size == node.size() && node.content() != null) return node;
        return node.withContent(kept, size);
    }

    private Tree replaceTree(Id treeId, String path, IOException error) {
        if (path.equals("/")) {
            listener.info("  dir \"" + path + "\": not readable");
            return null;
        }
        listener.info("  dir \"" + path + "\": replaced with empty directory");
        return Tree.EMPTY;
    }
}

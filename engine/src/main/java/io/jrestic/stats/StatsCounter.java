package io.jrestic.stats;

import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.walker.TreeWalker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts snapshots the way restic 0.14's {@code stats} does, mode by mode. Uniqueness (of contents, of
 * file-and-blob pairs, of blobs) spans all snapshots added to one counter; hard links are recognised by inode
 * within one snapshot only. Needs the repository's index loaded. Not thread-safe.
 */
public final class StatsCounter {
    private final Repository repo;
    private final StatsMode mode;
    private final TreeWalker walker;
    private long totalSize;
    private long fileCount;
    private long blobCount;
    private int snapshots;
    /** files-by-contents and blobs-per-file: contents seen, keyed by their blob ID sequence. */
    private final Set<List<Id>> contents = new HashSet<>();
    /** blobs-per-file: per path, the blobs already counted. */
    private final Map<ByteBuffer, Set<Id>> blobsOfPath = new HashMap<>();
    /** raw-data: every referenced blob. */
    private final Set<BlobKey> blobs = new HashSet<>();
    private final Set<Id> treesSeen = new HashSet<>();

    private record BlobKey(BlobType type, Id id) {
    }

    public StatsCounter(Repository repo, StatsMode mode) {
        this.repo = repo;
        this.mode = mode;
        this.walker = new TreeWalker(repo);
    }

    /** Adds one snapshot. */
    public void add(IdentifiedSnapshot snapshot) throws IOException {
        Id root = snapshot.snapshot().tree();
        if (root == null) {
            throw new RepositoryCorruptException("snapshot " + snapshot.id().toShortString() + " has nil tree");
        }
        snapshots++;
        if (mode == StatsMode.RAW_DATA) {
            collectBlobs(root);
            return;
        }
        Set<Long> inodes = new HashSet<>();
        walker.walk(root, new byte[] {'/'}, (path, node) -> {
            count(path, node, inodes);
            return TreeWalker.Action.CONTINUE;
        });
    }

    private void count(byte[] path, Node node, Set<Long> inodes) throws IOException {
        switch (mode) {
            case RESTORE_SIZE -> {
                fileCount++;
                // a hard link adds nothing to what a restore writes; inode 0 means "unknown", always counted
                if (inodes.add(node.inode()) || node.inode() == 0) totalSize += node.size();
            }
            case FILES_BY_CONTENTS -> {
                // every node without content (directories, links, empty files) shares the empty content
                if (contents.add(contentKey(node))) {
                    totalSize += node.size();
                    fileCount++;
                }
            }
            case BLOBS_PER_FILE -> {
                if (!contents.add(contentKey(node)) || node.content() == null) return;
                for (Id blob : node.content()) {
                    Set<Id> counted = blobsOfPath.computeIfAbsent(ByteBuffer.wrap(path), p -> {
                        fileCount++;
                        return new HashSet<>();
                    });
                    if (counted.add(blob)) {
                        IndexEntry e = repo.index().lookup(BlobType.DATA, blob).orElseThrow(() ->
                                new RepositoryCorruptException("blob " + blob + " not found for file " + new String(path, java.nio.charset.StandardCharsets.UTF_8)));
                        totalSize += e.plaintextLength();
                        blobCount++;
                    }
                }
            }
            case RAW_DATA -> throw new IllegalStateException("raw-data does not walk nodes");
        }
    }

    private static List<Id> contentKey(Node node) {
        return node.content() == null ? List.of() : node.content();
    }

    /** Every tree and data blob reachable from {@code root}; a tree already seen is not descended again. */
    private void collectBlobs(Id root) throws IOException {
        if (!treesSeen.add(root)) return;
        blobs.add(new BlobKey(BlobType.TREE, root));
        Tree tree = walker.loadTree(root);
        for (Node n : tree.nodes()) {
            if (n.type() == NodeType.FILE && n.content() != null) {
                for (Id id : n.content()) blobs.add(new BlobKey(BlobType.DATA, id));
            }
            if (n.type() == NodeType.DIR && n.subtree() != null) collectBlobs(n.subtree());
        }
    }

    /** The totals so far; in raw-data mode the stored sizes of the collected blobs are summed here. */
    public Stats result() throws IOException {
        if (mode != StatsMode.RAW_DATA) return new Stats(totalSize, fileCount, blobCount, snapshots);
        long size = 0;
        for (BlobKey b : blobs) {
            IndexEntry e = repo.index().lookup(b.type(), b.id()).orElseThrow(() ->
                    new RepositoryCorruptException("blob " + b.type().jsonName() + "/" + b.id() + " not found"));
            size += e.length();
        }
        return new Stats(size, 0, blobs.size(), snapshots);
    }
}

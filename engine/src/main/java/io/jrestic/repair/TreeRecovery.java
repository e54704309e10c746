package io.jrestic.repair;

import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.repository.SystemIdentity;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * restic's {@code recover}: the root trees nothing refers to (trees in the index that no other tree lists as a
 * subtree and no snapshot names) gathered under a new tree, one directory per root named by its short ID, and saved
 * as a snapshot of {@code /recover} tagged {@code recovered}. It makes reachable again what a lost snapshot file or
 * an interrupted backup left behind, before a prune removes it. The new tree and snapshot are written after
 * everything they refer to (restic-format §15); nothing is deleted.
 */
public final class TreeRecovery {
    /** The path of the recovery snapshot. */
    public static final String PATH = "/recover";
    /** The tag of the recovery snapshot. */
    public static final String TAG = "recovered";
    /** The mode restic gives the directory of each recovered root: 0755 (without Go's directory bit). */
    private static final int DIRECTORY_MODE = 0755;

    private final Repository repo;
    private final RepairListener listener;

    /** @param repo a repository whose index is loaded */
    public TreeRecovery(Repository repo, RepairListener listener) {
        this.repo = repo;
        this.listener = listener;
    }

    /** The trees no tree and no snapshot refers to, in ID order; a tree that cannot be read is warned about. */
    public Set<Id> unreferencedRoots() throws IOException {
        Set<Id> trees = new HashSet<>();
        repo.index().forEach(e -> {
            if (e.type() == BlobType.TREE) trees.add(e.id());
        });
        listener.info("load " + trees.size() + " trees");
        Set<Id> referenced = new HashSet<>();
        for (Id id : trees) {
            Tree tree;
            try {
                tree = TreeCodec.decode(repo.loadBlob(BlobType.TREE, id));
            } catch (IOException | RuntimeException e) {
                listener.warn("unable to load tree " + id.toShortString() + ": " + e.getMessage());
                continue;
            }
            for (Node node : tree.nodes()) {
                if (node.type() == NodeType.DIR && node.subtree() != null) referenced.add(node.subtree());
            }
        }
        listener.info("load snapshots");
        for (IdentifiedSnapshot s : Snapshots.loadAll(repo)) {
            if (s.snapshot().tree() != null) referenced.add(s.snapshot().tree());
        }
        listener.info("done");
        Set<Id> roots = new TreeSet<>(trees);
        roots.removeAll(referenced);
        return roots;
    }

    /**
     * Saves a tree holding one directory per root and a snapshot of it.
     *
     * @return the new snapshot's ID
     */
    public Id saveSnapshot(Collection<Id> roots, String hostname, OffsetDateTime now) throws IOException {
        List<Node> nodes = new ArrayList<>(roots.size());
        for (Id root : roots) {
            nodes.add(Node.builder(root.toShortString().getBytes(StandardCharsets.UTF_8), NodeType.DIR)
                    .mode(DIRECTORY_MODE).times(now, now, now).subtree(root).build());
        }
        byte[] json = TreeCodec.RESTIC_0_14.encode(Tree.sorted(nodes));
        Id tree;
        try (BlobSaver saver = repo.newBlobSaver()) {
            tree = saver.save(BlobType.TREE, json, 0, json.length).id();
            saver.flush(); // the tree is durable and indexed before the snapshot names it
        }
        Snapshot snapshot = Snapshot.builder(now, tree, List.of(PATH)).hostname(hostname)
                .username(SystemIdentity.userName()).uid(SystemIdentity.uid()).gid(SystemIdentity.gid())
                .tags(List.of(TAG)).build();
        return repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(snapshot));
    }
}

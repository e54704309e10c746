package io.jrestic.diff;

import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.tree.ExtendedAttribute;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.walker.TreeWalker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Compares two trees as restic 0.14's {@code diff} does. Nodes present on both sides are compared by type,
 * content and (optionally) metadata; a directory present on one side only is listed with everything below it.
 * Blob statistics: the blobs referenced only before (removed) or only after (added), where blobs below identical
 * subtrees count as common; the root trees count as referenced by their side. Needs the repository's index loaded.
 */
public final class TreeDiff {
    private static final byte SLASH = '/';

    private final Repository repo;
    private final TreeWalker walker;
    private final boolean metadata;
    private final Consumer<Change> changes;
    private final Set<BlobKey> before = new HashSet<>();
    private final Set<BlobKey> after = new HashSet<>();
    private final Set<BlobKey> common = new HashSet<>();
    private final Counts added = new Counts();
    private final Counts removed = new Counts();
    private long changedFiles;

    private record BlobKey(BlobType type, Id id) {
    }

    /** Node counts of one side. */
    private static final class Counts {
        long files;
        long dirs;
        long others;

        void add(Node n) {
            switch (n.type()) {
                case FILE -> files++;
                case DIR -> dirs++;
                default -> others++;
            }
        }
    }

    private TreeDiff(Repository repo, boolean metadata, Consumer<Change> changes) {
        this.repo = repo;
        this.walker = new TreeWalker(repo);
        this.metadata = metadata;
        this.changes = changes;
    }

    /**
     * Compares the tree {@code first} with {@code second}, reporting each change in order.
     *
     * @param metadata also report nodes whose metadata differs ({@code U}), as {@code --metadata}
     */
    public static DiffResult compare(Repository repo, Id first, Id second, boolean metadata, Consumer<Change> changes)
            throws IOException {
        TreeDiff d = new TreeDiff(repo, metadata, changes);
        d.before.add(new BlobKey(BlobType.TREE, first));
        d.after.add(new BlobKey(BlobType.TREE, second));
        d.diffTree(new byte[] {SLASH}, first, second);
        Set<BlobKey> both = new HashSet<>(d.before);
        both.retainAll(d.after);
        return new DiffResult(d.changedFiles, d.stat(d.added, d.after, both), d.stat(d.removed, d.before, both));
    }

    private DiffStat stat(Counts nodes, Set<BlobKey> side, Set<BlobKey> both) {
        long data = 0;
        long trees = 0;
        long bytes = 0;
        for (BlobKey b : side) {
            if (both.contains(b) || common.contains(b)) continue;
            if (b.type() == BlobType.DATA) data++;
            else trees++;
            // a blob missing from the index is counted but has no size (restic warns and goes on)
            bytes += repo.index().lookup(b.type(), b.id()).map(IndexEntry::plaintextLength).orElse(0);
        }
        return new DiffStat(nodes.files, nodes.dirs, nodes.others, data, trees, bytes);
    }

    private void diffTree(byte[] prefix, Id first, Id second) throws IOException {
        Map<ByteBuffer, Node> one = byName(walker.loadTree(first));
        Map<ByteBuffer, Node> two = byName(walker.loadTree(second));
        TreeMap<ByteBuffer, Boolean> names = new TreeMap<>(TreeDiff::compareUnsigned);
        one.keySet().forEach(n -> names.put(n, true));
        two.keySet().forEach(n -> names.put(n, true));
        for (ByteBuffer name : names.keySet()) {
            Node n1 = one.get(name);
            Node n2 = two.get(name);
            addBlobs(before, n1);
            addBlobs(after, n2);
            if (n1 != null && n2 != null) {
                byte[] path = TreeWalker.join(prefix, n1.name());
                String mod = n1.type() != n2.type() ? "T" : "";
                if (n2.type() == NodeType.DIR) path = withSlash(path);
                if (n1.type() == NodeType.FILE && n2.type() == NodeType.FILE && !Objects.equals(n1.content(), n2.content())) {
                    mod += "M";
                    changedFiles++;
                } else if (metadata && !sameNode(n1, n2)) {
                    mod += "U";
                }
                if (!mod.isEmpty()) changes.accept(new Change(path, mod));
                if (n1.type() == NodeType.DIR && n2.type() == NodeType.DIR) {
                    if (n1.subtree().equals(n2.subtree())) collect(common, n1.subtree());
                    else diffTree(path, n1.subtree(), n2.subtree());
                }
            } else if (n1 != null) {
                listOneSide("-", removed, before, prefix, n1);
            } else {
                listOneSide("+", added, after, prefix, n2);
            }
        }
    }

    private void listOneSide(String marker, Counts counts, Set<BlobKey> blobs, byte[] prefix, Node node) throws IOException {
        byte[] path = TreeWalker.join(prefix, node.name());
        if (node.type() == NodeType.DIR) path = withSlash(path);
        changes.accept(new Change(path, marker));
        counts.add(node);
        addBlobs(blobs, node);
        if (node.type() == NodeType.DIR) {
            for (Node child : walker.loadTree(node.subtree()).nodes()) listOneSide(marker, counts, blobs, path, child);
        }
    }

    private void collect(Set<BlobKey> blobs, Id tree) throws IOException {
        for (Node n : walker.loadTree(tree).nodes()) {
            addBlobs(blobs, n);
            if (n.type() == NodeType.DIR) collect(blobs, n.subtree());
        }
    }

    private static void addBlobs(Set<BlobKey> blobs, Node n) {
        if (n == null) return;
        if (n.type() == NodeType.FILE && n.content() != null) {
            for (Id id : n.content()) blobs.add(new BlobKey(BlobType.DATA, id));
        } else if (n.type() == NodeType.DIR && n.subtree() != null) {
            blobs.add(new BlobKey(BlobType.TREE, n.subtree()));
        }
    }

    /**
     * restic 0.14's {@code Node.Equals}: every stored field except the name's encoding details; times compare
     * as instants; extended attributes as a set of name/value pairs.
     */
    static boolean sameNode(Node a, Node b) {
        return Arrays.equals(a.name(), b.name()) && a.type() == b.type() && a.mode() == b.mode()
                && a.mtime().isEqual(b.mtime()) && a.atime().isEqual(b.atime()) && a.ctime().isEqual(b.ctime())
                && a.uid() == b.uid() && a.gid() == b.gid() && a.user().equals(b.user()) && a.group().equals(b.group())
                && a.inode() == b.inode() && a.deviceId() == b.deviceId() && a.size() == b.size()
                && a.links() == b.links() && Arrays.equals(a.linkTarget(), b.linkTarget()) && a.device() == b.device()
                && Objects.equals(a.content(), b.content()) && Objects.equals(a.subtree(), b.subtree())
                && a.error().equals(b.error()) && sameAttributes(a.extendedAttributes(), b.extendedAttributes());
    }

    private static boolean sameAttributes(List<ExtendedAttribute> a, List<ExtendedAttribute> b) {
        if (a.size() != b.size()) return false;
        Map<String, byte[]> values = new HashMap<>();
        for (ExtendedAttribute x : a) values.put(x.name(), x.value());
        Set<String> seen = new HashSet<>();
        for (ExtendedAttribute x : b) {
            if (!values.containsKey(x.name()) || !Arrays.equals(values.get(x.name()), x.value())) return false;
            seen.add(x.name());
        }
        return seen.size() == values.size();
    }

    private static Map<ByteBuffer, Node> byName(Tree t) {
        Map<ByteBuffer, Node> m = new HashMap<>();
        for (Node n : t.nodes()) m.put(ByteBuffer.wrap(n.name()), n);
        return m;
    }

    private static int compareUnsigned(ByteBuffer a, ByteBuffer b) {
        return Arrays.compareUnsigned(a.array(), b.array());
    }

    private static byte[] withSlash(byte[] path) {
        byte[] out = Arrays.copyOf(path, path.length + 1);
        out[path.length] = SLASH;
        return out;
    }
}

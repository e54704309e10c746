package io.jrestic.walker;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.tree.GoQuote;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Walks trees depth-first: every node of a tree in order (sorted raw names), a directory's node before its
 * contents, with the path of each node inside the snapshot ({@code "/home/user/x"}, raw bytes joined by '/').
 * Thread-safe: each walk keeps its state on the stack.
 */
public final class TreeWalker {
    private static final byte SEPARATOR = '/';

    private final Repository repo;

    public TreeWalker(Repository repo) {
        this.repo = repo;
    }

    /** What the walk does after a visited node. */
    public enum Action {
        /** Go on; for a directory, descend into it. */
        CONTINUE,
        /** For a directory: do not descend (its {@link Visitor#leave} is not called either). */
        SKIP_SUBTREE
    }

    /** Receives the nodes of a walk. */
    public interface Visitor {
        Action visit(byte[] path, Node node) throws IOException;

        /** Called after the contents of a directory that was descended into. */
        default void leave(byte[] path, Node dir) throws IOException {
        }
    }

    /** Loads and decodes a tree blob (verified against its ID). */
    public Tree loadTree(Id id) throws IOException {
        byte[] json = repo.loadBlob(BlobType.TREE, id);
        try {
            return TreeCodec.decode(json);
        } catch (IllegalArgumentException e) {
            throw new RepositoryCorruptException(repo.backend().location() + ": tree " + id + ": " + e.getMessage(), e);
        }
    }

    /** Walks the tree {@code root}; node paths start with {@code prefix} (e.g. "/" for a snapshot's root). */
    public void walk(Id root, byte[] prefix, Visitor visitor) throws IOException {
        walk(loadTree(root), prefix, visitor);
    }

    /** Walks an already loaded tree. */
    public void walk(Tree tree, byte[] prefix, Visitor visitor) throws IOException {
        for (Node node : tree.nodes()) {
            byte[] path = join(prefix, node.name());
            Action action = visitor.visit(path, node);
            if (node.type() != NodeType.DIR || action == Action.SKIP_SUBTREE) continue;
            if (node.subtree() == null) {
                throw new RepositoryCorruptException(repo.backend().location() + ": directory \""
                        + GoQuote.quote(path) + "\" has no subtree");
            }
            walk(loadTree(node.subtree()), path, visitor);
            visitor.leave(path, node);
        }
    }

    /**
     * The node at {@code path} below the tree {@code root} (components separated by '/', leading and repeated
     * slashes ignored), or empty if some component does not exist or a non-final component is not a directory.
     */
    public Optional<Node> findNode(Id root, byte[] path) throws IOException {
        List<byte[]> parts = components(path);
        if (parts.isEmpty()) return Optional.empty();
        Tree tree = loadTree(root);
        for (int i = 0; ; i++) {
            Optional<Node> n = tree.find(parts.get(i));
            if (n.isEmpty() || i == parts.size() - 1) return n;
            if (n.get().type() != NodeType.DIR || n.get().subtree() == null) return Optional.empty();
            tree = loadTree(n.get().subtree());
        }
    }

    /**
     * The tree ID of the directory {@code subfolder} below {@code root} (restic's {@code snapshot:subfolder});
     * an empty path or "/" is the root itself.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws java.nio.file.NotDirectoryException if it is not a directory
     */
    public Id subtree(Id root, byte[] subfolder) throws IOException {
        if (components(subfolder).isEmpty()) return root;
        String shown = new String(subfolder, StandardCharsets.UTF_8);
        Node node = findNode(root, subfolder).orElseThrow(() -> new java.nio.file.NoSuchFileException(shown, null,
                "path \"" + shown + "\" not found in snapshot"));
        if (node.type() != NodeType.DIR || node.subtree() == null) {
            throw new java.nio.file.NotDirectoryException("path \"" + shown + "\" is not a directory but a "
                    + node.type().jsonName());
        }
        return node.subtree();
    }

    /** {@code prefix + "/" + name} without doubling a trailing slash of {@code prefix}. */
    public static byte[] join(byte[] prefix, byte[] name) {
        boolean slash = prefix.length > 0 && prefix[prefix.length - 1] == SEPARATOR;
        byte[] out = Arrays.copyOf(prefix, prefix.length + (slash ? 0 : 1) + name.length);
        if (!slash) out[prefix.length] = SEPARATOR;
        System.arraycopy(name, 0, out, out.length - name.length, name.length);
        return out;
    }

    /** The non-empty components of a slash-separated path; "." components are dropped. */
    public static List<byte[]> components(byte[] path) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == SEPARATOR) {
                if (i > start && !(i - start == 1 && path[start] == '.')) parts.add(Arrays.copyOfRange(path, start, i));
                start = i + 1;
            }
        }
        return parts;
    }
}

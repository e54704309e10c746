package io.jrestic.restorer;

import io.jrestic.fs.ErrnoException;
import io.jrestic.fs.Identity;
import io.jrestic.fs.Posix;
import io.jrestic.tree.ExtendedAttribute;
import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;

/** Creating the non-file nodes restore writes, and applying a node's metadata to what was restored. */
final class NodeMetadata {
    /** restic creates special files with these permissions and sets the real ones afterwards. */
    private static final int INITIAL_PERMISSIONS = 0600;

    private final boolean root = Identity.getuid() == 0;
    private final RestoreListener listener;

    NodeMetadata(RestoreListener listener) {
        this.listener = listener;
    }

    boolean runningAsRoot() {
        return root;
    }

    /**
     * Creates a symlink, fifo or device node at {@code path}, replacing a non-directory already there. Returns
     * false if the node was deliberately not created (a device without root: reported as a warning).
     */
    boolean create(byte[] path, String location, Node node) throws IOException {
        switch (node.type()) {
            case SYMLINK -> replacing(path, () -> Posix.symlink(node.linkTarget(), path));
            case FIFO -> replacing(path, () -> Posix.mkfifo(path, INITIAL_PERMISSIONS));
            case DEV, CHARDEV -> {
                if (!root) {
                    listener.warning(location, "not restoring " + node.type().jsonName() + ": creating device nodes needs root");
                    return false;
                }
                int mode = FileMode.posixFileType(node.type()) | INITIAL_PERMISSIONS;
                replacing(path, () -> Posix.mknod(path, mode, node.device()));
            }
            default -> throw new IllegalArgumentException("not a special node: " + node.type());
        }
        return true;
    }

    private interface Creation {
        void run() throws IOException;
    }

    private static void replacing(byte[] path, Creation creation) throws IOException {
        try {
            creation.run();
        } catch (FileAlreadyExistsException e) {
            if (Posix.lstat(path).isDirectory()) throw e;
            Posix.unlink(path);
            creation.run();
        }
    }

    /**
     * Applies ownership, extended attributes, permissions and times, in that order (attributes before
     * permissions, so a read-only file still takes them; times last, since the others change ctime only).
     * Throws the first failure after trying everything.
     */
    void apply(byte[] path, String location, Node node) throws IOException {
        IOException first = null;
        try {
            Posix.lchown(path, node.uid(), node.gid());
        } catch (AccessDeniedException e) {
            // Like cp -a and rsync -a (and restic): ownership is only insisted on when running as root.
            if (root) first = e;
        } catch (IOException e) {
            first = e;
        }
        for (ExtendedAttribute xattr : node.extendedAttributes()) {
            try {
                Posix.setXattr(path, xattr.name().getBytes(StandardCharsets.UTF_8), xattr.value());
            } catch (ErrnoException e) {
                if (e.errno() == ErrnoException.EOPNOTSUPP) {
                    listener.warning(location, "extended attribute " + xattr.name() + " not restored: " + e.getReason());
                } else if (first == null) {
                    first = e;
                }
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        boolean symlink = node.type() == NodeType.SYMLINK;
        if (!symlink) {
            try {
                Posix.chmod(path, FileMode.permissionBits(node.mode()));
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        try {
            Posix.setTimes(path, node.atime().toInstant(), node.mtime().toInstant(), symlink);
        } catch (IOException e) {
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }
}

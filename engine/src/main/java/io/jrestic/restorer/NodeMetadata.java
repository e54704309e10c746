package io.jrestic.restorer;

import io.jrestic.fs.ErrnoException;
import io.jrestic.fs.Identity;
import io.jrestic.fs.Posix;
import io.jrestic.fs.PosixFile;
import io.jrestic.tree.ExtendedAttribute;
import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.util.function.Consumer;

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
        boolean symlink = node.type() == NodeType.SYMLINK;
        apply(new Target() {
            @Override
            public void chown(long uid, long gid) throws IOException {
                Posix.lchown(path, uid, gid);
            }

            @Override
            public void setXattr(byte[] name, byte[] value) throws IOException {
                Posix.setXattr(path, name, value);
            }

            @Override
            public void chmod(int mode) throws IOException {
                if (!symlink) Posix.chmod(path, mode);
            }

            @Override
            public void setTimes(Node n) throws IOException {
                Posix.setTimes(path, n.atime().toInstant(), n.mtime().toInstant(), symlink);
            }
        }, node, message -> listener.warning(location, message));
    }

    /**
     * {@link #apply(byte[], String, Node)} for a regular file still open: through its descriptor, so without a
     * path lookup per call, by the worker that wrote it. Warnings go to {@code warnings}.
     */
    void apply(PosixFile file, Node node, Consumer<String> warnings) throws IOException {
        apply(new Target() {
            @Override
            public void chown(long uid, long gid) throws IOException {
                file.chown(uid, gid);
            }

            @Override
            public void setXattr(byte[] name, byte[] value) throws IOException {
                file.setXattr(name, value);
            }

            @Override
            public void chmod(int mode) throws IOException {
                file.chmod(mode);
            }

            @Override
            public void setTimes(Node n) throws IOException {
                file.setTimes(n.atime().toInstant(), n.mtime().toInstant());
            }
        }, node, warnings);
    }

    /** Where metadata goes: a path or an open descriptor. */
    private interface Target {
        void chown(long uid, long gid) throws IOException;

        void setXattr(byte[] name, byte[] value) throws IOException;

        void chmod(int mode) throws IOException;

        void setTimes(Node node) throws IOException;
    }

    private void apply(Target target, Node node, Consumer<String> warnings) throws IOException {
        IOException first = null;
        try {
            target.chown(node.uid(), node.gid());
        } catch (AccessDeniedException e) {
            // Like cp -a and rsync -a (and restic): ownership is only insisted on when running as root.
            if (root) first = e;
        } catch (IOException e) {
            first = e;
        }
        for (ExtendedAttribute xattr : node.extendedAttributes()) {
            try {
                target.setXattr(xattr.name().getBytes(StandardCharsets.UTF_8), xattr.value());
            } catch (ErrnoException e) {
                if (e.errno() == ErrnoException.EOPNOTSUPP) {
                    warnings.accept("extended attribute " + xattr.name() + " not restored: " + e.getReason());
                } else if (first == null) {
                    first = e;
                }
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        try {
            target.chmod(FileMode.permissionBits(node.mode()));
        } catch (IOException e) {
            if (first == null) first = e;
        }
        try {
            target.setTimes(node);
        } catch (IOException e) {
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }
}

package io.jrestic.archiver;

import io.jrestic.fs.FileStat;
import io.jrestic.fs.Identity;
import io.jrestic.fs.Posix;
import io.jrestic.fs.PosixFileInputStream;
import io.jrestic.json.GoTime;
import io.jrestic.tree.ExtendedAttribute;
import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The backup's view of the source file system: raw-byte paths through {@link Posix}, and nodes filled as restic
 * fills them on Linux (§10.7).
 */
final class SourceFiles {

    /** An lstat'ed item and the node describing it (content not yet set for files). */
    record Item(Node node, FileStat stat) {
    }

    Item lstat(byte[] path, byte[] name, BackupOptions options) throws IOException {
        FileStat st = Posix.lstat(path);
        return new Item(node(path, name, st, options), st);
    }

    long device(byte[] path) {
        try {
            return Posix.lstat(path).dev();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node of an intermediate directory of the root tree (metadata of the real directory). As restic's
     * {@code statDir}, a symbolic link on the way to a target is followed: for the target {@code lnk/a} with
     * {@code lnk -> data}, {@code lnk} is stored as the directory {@code data} is, holding {@code a}. (Stored as the
     * link itself, the targets below it would be unreachable in the snapshot.)
     */
    Node directoryNode(byte[] path, byte[] name, BackupOptions options) {
        try {
            FileStat st = Posix.stat(path);
            if (!st.isDirectory()) {
                throw new IOException("path is not a directory: " + display(path));
            }
            return node(path, name, st, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Node node(byte[] path, byte[] name, FileStat st, BackupOptions options) throws IOException {
        int goMode = FileMode.fromPosix(st.mode()) & FileMode.STORED_BITS;
        NodeType type = FileMode.nodeType(goMode);
        OffsetDateTime mtime = clampYear(GoTime.local(st.mtime()));
        OffsetDateTime atime = options.withAtime() ? clampYear(GoTime.local(st.atime())) : mtime;
        Node.Builder b = Node.builder(name, type)
                .mode(goMode)
                .times(mtime, atime, clampYear(GoTime.local(st.ctime())))
                .uid(st.uid()).gid(st.gid())
                .user(Identity.userName(st.uid())).group(Identity.groupName(st.gid()))
                .inode(st.ino()).deviceId(st.dev());
        switch (type) {
            case FILE -> b.size(st.size()).links(st.nlink()).content(List.of());
            case SYMLINK -> b.links(st.nlink()).linkTarget(Posix.readlink(path));
            case DEV, CHARDEV -> b.links(st.nlink()).device(st.rdev());
            default -> {
            }
        }
        if (type != NodeType.SYMLINK) b.extendedAttributes(xattrs(path)); // restic 0.14 skips symlinks
        return b.build();
    }

    /**
     * restic moves times outside years 0–9999 (which RFC 3339 cannot express) to the nearest valid year with Go's
     * AddDate, which turns 29 February of a non-leap target year into 1 March (Java's plusYears would clamp).
     */
    static OffsetDateTime clampYear(OffsetDateTime t) {
        int year = t.getYear();
        int target = year < 0 ? 0 : year > 9999 ? 9999 : year;
        if (target == year) return t;
        if (t.getMonthValue() == 2 && t.getDayOfMonth() == 29 && !java.time.Year.isLeap(target)) {
            return t.withDayOfMonth(1).withMonth(3).withYear(target);
        }
        return t.withYear(target);
    }

    private static List<ExtendedAttribute> xattrs(byte[] path) throws IOException {
        List<ExtendedAttribute> out = new ArrayList<>();
        for (byte[] attr : Posix.listXattrs(path)) {
            byte[] value = Posix.getXattr(path, attr);
            if (value != null) out.add(new ExtendedAttribute(new String(attr, StandardCharsets.UTF_8), value));
        }
        return out;
    }

    List<byte[]> list(byte[] dir) throws IOException {
        List<byte[]> names = new ArrayList<>(Posix.listDirectory(dir));
        names.sort(Arrays::compareUnsigned);
        return names;
    }

    InputStream open(byte[] path) throws IOException {
        return PosixFileInputStream.open(path);
    }

    /** The first {@code n} bytes of a file, or null if it does not exist or is shorter. */
    byte[] readPrefix(byte[] path, int n) throws IOException {
        try (InputStream in = PosixFileInputStream.open(path)) {
            byte[] b = in.readNBytes(n);
            return b.length == n ? b : null;
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** Names in a directory given as a string path (for targets that expand to their entries). */
    static List<String> listNames(String dir) {
        try {
            List<String> out = new ArrayList<>();
            for (byte[] n : Posix.listDirectory(dir.getBytes(StandardCharsets.UTF_8))) out.add(new String(n, StandardCharsets.UTF_8));
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] join(byte[] dir, byte[] name) {
        boolean slash = dir.length > 0 && dir[dir.length - 1] == '/';
        byte[] out = Arrays.copyOf(dir, dir.length + (slash ? 0 : 1) + name.length);
        if (!slash) out[dir.length] = '/';
        System.arraycopy(name, 0, out, out.length - name.length, name.length);
        return out;
    }

    /** A raw name for messages and pattern matching (invalid UTF-8 replaced). */
    static String display(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    /** restic records absolute, cleaned target paths in the snapshot. */
    static String absolute(String target) {
        return io.jrestic.filter.PathFilter.cleanPath(Path.of(target).toAbsolutePath().toString());
    }
}

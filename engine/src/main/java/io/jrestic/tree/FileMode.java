package io.jrestic.tree;

import static io.jrestic.fs.FileStat.S_IFMT;
import static io.jrestic.fs.FileStat.S_IFSOCK;
import static io.jrestic.fs.FileStat.S_IFLNK;
import static io.jrestic.fs.FileStat.S_IFREG;
import static io.jrestic.fs.FileStat.S_IFBLK;
import static io.jrestic.fs.FileStat.S_IFDIR;
import static io.jrestic.fs.FileStat.S_IFCHR;
import static io.jrestic.fs.FileStat.S_IFIFO;
import static io.jrestic.fs.FileStat.S_ISUID;
import static io.jrestic.fs.FileStat.S_ISGID;
import static io.jrestic.fs.FileStat.S_ISVTX;

/**
 * Go's {@code os.FileMode} bits, which restic stores as a node's {@code mode} (restic-format §10.3), and the
 * conversions to and from a POSIX {@code st_mode}. Modes are {@code int}s holding an unsigned 32-bit value
 * (a directory's mode has bit 31 set); print them with {@link Integer#toUnsignedString(int)}.
 */
public final class FileMode {
    public static final int MODE_DIR = 0x8000_0000;
    public static final int MODE_APPEND = 0x4000_0000;
    public static final int MODE_EXCLUSIVE = 0x2000_0000;
    public static final int MODE_TEMPORARY = 0x1000_0000;
    public static final int MODE_SYMLINK = 0x0800_0000;
    public static final int MODE_DEVICE = 0x0400_0000;
    public static final int MODE_NAMED_PIPE = 0x0200_0000;
    public static final int MODE_SOCKET = 0x0100_0000;
    public static final int MODE_SETUID = 0x0080_0000;
    public static final int MODE_SETGID = 0x0040_0000;
    public static final int MODE_CHAR_DEVICE = 0x0020_0000;
    public static final int MODE_STICKY = 0x0010_0000;
    public static final int MODE_IRREGULAR = 0x0008_0000;
    /** The permission bits, {@code 0777}. */
    public static final int MODE_PERM = 0777;
    /** The bits that give the file type. */
    public static final int MODE_TYPE = MODE_DIR | MODE_SYMLINK | MODE_NAMED_PIPE | MODE_SOCKET | MODE_DEVICE
            | MODE_CHAR_DEVICE | MODE_IRREGULAR;
    /** What restic keeps of a file's mode: permissions, type and the setuid/setgid/sticky flags. */
    public static final int STORED_BITS = MODE_PERM | MODE_TYPE | MODE_SETUID | MODE_SETGID | MODE_STICKY;

    private FileMode() {
    }

    /** The Go mode restic stores for a file whose {@code lstat} gave {@code stMode}. */
    public static int fromPosix(int stMode) {
        int mode = stMode & MODE_PERM;
        mode |= switch (stMode & S_IFMT) {
            case S_IFBLK -> MODE_DEVICE;
            case S_IFCHR -> MODE_DEVICE | MODE_CHAR_DEVICE;
            case S_IFDIR -> MODE_DIR;
            case S_IFIFO -> MODE_NAMED_PIPE;
            case S_IFLNK -> MODE_SYMLINK;
            case S_IFSOCK -> MODE_SOCKET;
            default -> 0; // regular, and types Go does not classify on Linux
        };
        if ((stMode & S_ISUID) != 0) mode |= MODE_SETUID;
        if ((stMode & S_ISGID) != 0) mode |= MODE_SETGID;
        if ((stMode & S_ISVTX) != 0) mode |= MODE_STICKY;
        return mode & STORED_BITS;
    }

    /** The POSIX {@code st_mode} (type, permission and setuid/setgid/sticky bits) of a Go mode. */
    public static int toPosix(int goMode) {
        return posixFileType(nodeType(goMode)) | permissionBits(goMode);
    }

    /** The bits {@code chmod} takes: permissions plus setuid/setgid/sticky, as Go's {@code os.Chmod} maps them. */
    public static int permissionBits(int goMode) {
        int bits = goMode & MODE_PERM;
        if ((goMode & MODE_SETUID) != 0) bits |= S_ISUID;
        if ((goMode & MODE_SETGID) != 0) bits |= S_ISGID;
        if ((goMode & MODE_STICKY) != 0) bits |= S_ISVTX;
        return bits;
    }

    /** The node type restic derives from the type bits of a Go mode. */
    public static NodeType nodeType(int goMode) {
        int type = goMode & MODE_TYPE;
        if (type == 0) return NodeType.FILE;
        if (type == MODE_DIR) return NodeType.DIR;
        if (type == MODE_SYMLINK) return NodeType.SYMLINK;
        if (type == (MODE_DEVICE | MODE_CHAR_DEVICE)) return NodeType.CHARDEV;
        if (type == MODE_DEVICE) return NodeType.DEV;
        if (type == MODE_NAMED_PIPE) return NodeType.FIFO;
        if (type == MODE_SOCKET) return NodeType.SOCKET;
        return NodeType.IRREGULAR;
    }

    /** The Go type bits of a node type. */
    public static int typeBits(NodeType type) {
        return switch (type) {
            case FILE -> 0;
            case DIR -> MODE_DIR;
            case SYMLINK -> MODE_SYMLINK;
            case DEV -> MODE_DEVICE;
            case CHARDEV -> MODE_DEVICE | MODE_CHAR_DEVICE;
            case FIFO -> MODE_NAMED_PIPE;
            case SOCKET -> MODE_SOCKET;
            case IRREGULAR -> MODE_IRREGULAR;
        };
    }

    /** The POSIX {@code S_IF*} bits of a node type (0 for {@link NodeType#IRREGULAR}), e.g. for {@code mknod}. */
    public static int posixFileType(NodeType type) {
        return switch (type) {
            case FILE -> S_IFREG;
            case DIR -> S_IFDIR;
            case SYMLINK -> S_IFLNK;
            case DEV -> S_IFBLK;
            case CHARDEV -> S_IFCHR;
            case FIFO -> S_IFIFO;
            case SOCKET -> S_IFSOCK;
            case IRREGULAR -> 0;
        };
    }

    /** {@code typeBits(type) | perm}: the mode of a node built without a stat, e.g. {@code of(DIR, 0755)}. */
    public static int of(NodeType type, int posixPermissions) {
        int mode = typeBits(type) | posixPermissions & MODE_PERM;
        if ((posixPermissions & S_ISUID) != 0) mode |= MODE_SETUID;
        if ((posixPermissions & S_ISGID) != 0) mode |= MODE_SETGID;
        if ((posixPermissions & S_ISVTX) != 0) mode |= MODE_STICKY;
        return mode;
    }
}

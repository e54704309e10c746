package io.jrestic.fs;

import java.time.Instant;

/**
 * What {@code statx(…, STATX_BASIC_STATS)} reports about a file. {@code mode} is the full POSIX {@code st_mode}
 * (type bits and permission bits); {@code dev} and {@code rdev} are kernel {@code dev_t} values in glibc's
 * encoding ({@link #makedev}), as restic stores them in {@code device_id} and {@code device}. uid, gid and nlink
 * are unsigned 32-bit values widened to {@code long}.
 */
public record FileStat(
        int mode,
        long ino,
        long dev,
        long rdev,
        long nlink,
        long uid,
        long gid,
        long size,
        long blocks,
        Instant atime,
        Instant mtime,
        Instant ctime) {

    /** Mask of the file type bits of {@link #mode()}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;

    /** The file type bits, one of the {@code S_IF*} constants. */
    public int type() {
        return mode & S_IFMT;
    }

    /** Permission bits plus setuid, setgid and sticky ({@code mode & 07777}). */
    public int permissions() {
        return mode & 07777;
    }

    public boolean isRegularFile() {
        return type() == S_IFREG;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isSymbolicLink() {
        return type() == S_IFLNK;
    }

    /** glibc's {@code makedev}: the 64-bit {@code dev_t} for a device's major and minor numbers. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** glibc's {@code major}: inverse of {@link #makedev} for the major number. */
    public static long major(long dev) {
        return ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
    }

    /** glibc's {@code minor}: inverse of {@link #makedev} for the minor number. */
    public static long minor(long dev) {
        return ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
    }
}

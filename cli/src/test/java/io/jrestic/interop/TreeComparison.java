package io.jrestic.interop;

import io.jrestic.fs.FileStat;
import io.jrestic.fs.Posix;
import io.jrestic.fs.PosixFile;
import io.jrestic.tree.GoQuote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Compares two trees entry by entry through {@code lstat}: type, permission bits, owner, size, mtime to the
 * nanosecond, device numbers, symbolic link targets, extended attributes, contents (SHA-256) and which names share
 * an inode. Entries are named by their path relative to the root, Go-quoted so raw bytes stay visible.
 */
final class TreeComparison {
    /**
     * What to leave out. {@code utf8LinkTargets}: restic 0.14 stores a symbolic link's target as a JSON string, so
     * bytes that are not UTF-8 become U+FFFD on the way; compare targets as restic would have stored them.
     */
    record Options(Predicate<String> skip, boolean utf8LinkTargets, boolean directoryTimes) {
        static final Options ALL = new Options(name -> false, false, true);

        Options skipping(List<String> names) {
            Set<String> set = Set.copyOf(names);
            return new Options(skip.or(set::contains), utf8LinkTargets, directoryTimes);
        }

        Options withUtf8LinkTargets() {
            return new Options(skip, true, directoryTimes);
        }

        /** Leaves directory mtimes out (tar extraction sets them to "now" for directories without an entry). */
        Options withoutDirectoryTimes() {
            return new Options(skip, utf8LinkTargets, false);
        }
    }

    private TreeComparison() {
    }

    /** One line per difference; empty when the trees agree. */
    static List<String> differences(byte[] expected, byte[] actual, Options options) throws IOException {
        Listing la = snapshot(expected, options);
        Listing lb = snapshot(actual, options);
        Map<String, Entry> a = la.entries();
        Map<String, Entry> b = lb.entries();
        List<String> diffs = new ArrayList<>();
        for (var e : a.entrySet()) {
            Entry other = b.get(e.getKey());
            if (other == null) diffs.add(e.getKey() + ": missing");
            else if (!e.getValue().equals(other)) diffs.add(e.getKey() + ":\n  expected " + e.getValue() + "\n  actual   " + other);
        }
        for (String name : b.keySet()) if (!a.containsKey(name)) diffs.add(name + ": unexpected");
        diffs.addAll(hardLinkDifferences(la.inodes(), lb.inodes()));
        return diffs;
    }

    /** Names that share an inode in one tree must share one in the other. */
    private static List<String> hardLinkDifferences(Map<String, Long> a, Map<String, Long> b) {
        List<String> diffs = new ArrayList<>();
        for (String x : a.keySet()) {
            for (String y : a.keySet()) {
                if (x.compareTo(y) >= 0 || !b.containsKey(x) || !b.containsKey(y)) continue;
                boolean linkedA = a.get(x).equals(a.get(y));
                boolean linkedB = b.get(x).equals(b.get(y));
                if (linkedA != linkedB) diffs.add(x + " and " + y + ": hard-linked " + linkedA + " vs " + linkedB);
            }
        }
        return diffs;
    }

    /** What is compared of one entry. */
    record Entry(int type, int permissions, long uid, long gid, long size, long mtimeSeconds, int mtimeNanos, long rdev,
                 String linkTarget, Map<String, String> xattrs, String sha256) {
        @Override
        public String toString() {
            return String.format("type=%o perm=%04o uid=%d gid=%d size=%d mtime=%d.%09d rdev=%d link=%s xattrs=%s sha256=%s",
                    type, permissions, uid, gid, size, mtimeSeconds, mtimeNanos, rdev, linkTarget, xattrs, sha256);
        }
    }

    /** The entries of a tree by relative name, and the inode of each regular file (for the hard-link check). */
    record Listing(Map<String, Entry> entries, Map<String, Long> inodes) {
    }

    static Listing snapshot(byte[] root, Options options) throws IOException {
        Listing listing = new Listing(new TreeMap<>(), new TreeMap<>());
        walk(root, new byte[0], options, listing);
        return listing;
    }

    private static void walk(byte[] root, byte[] relative, Options options, Listing into) throws IOException {
        byte[] path = relative.length == 0 ? root : Posix.join(root, relative);
        String name = relative.length == 0 ? "." : GoQuote.quote(relative);
        if (options.skip().test(relative.length == 0 ? "." : new String(relative, StandardCharsets.UTF_8))) return;
        FileStat st = Posix.lstat(path);
        boolean dir = st.isDirectory();
        if (st.isRegularFile()) into.inodes().put(name, st.ino());
        into.entries().put(name, new Entry(st.type(), st.permissions(),
                st.uid(), st.gid(),
                dir || st.isSymbolicLink() ? -1 : st.size(),
                dir && !options.directoryTimes() ? 0 : st.mtime().getEpochSecond(),
                dir && !options.directoryTimes() ? 0 : st.mtime().getNano(),
                st.rdev(),
                st.isSymbolicLink() ? linkTarget(path, options) : null,
                xattrs(path),
                st.isRegularFile() ? sha256(path) : null));
        if (dir) {
            for (byte[] child : Fixtures.sortedNames(path)) {
                walk(root, relative.length == 0 ? child : Posix.join(relative, child), options, into);
            }
        }
    }

    private static String linkTarget(byte[] path, Options options) throws IOException {
        byte[] target = Posix.readlink(path);
        if (options.utf8LinkTargets()) target = new String(target, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return GoQuote.quote(target);
    }

    private static Map<String, String> xattrs(byte[] path) throws IOException {
        Map<String, String> x = new TreeMap<>();
        for (byte[] n : Posix.listXattrs(path)) {
            x.put(GoQuote.quote(n), HexFormat.of().formatHex(Posix.getXattr(path, n)));
        }
        return x;
    }

    static String sha256(byte[] path) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 20];
        try (PosixFile f = PosixFile.open(path, Posix.O_RDONLY, 0)) {
            long pos = 0;
            for (int n; (n = f.read(buf, 0, buf.length, pos)) > 0; pos += n) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

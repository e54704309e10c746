package io.jrestic.interop;

import io.jrestic.fs.FileStat;
import io.jrestic.fs.Posix;
import io.jrestic.fs.PosixFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Source trees for backups, built through {@link Posix} so names and link targets can be any bytes. Every entry
 * gets a nanosecond mtime and an atime of "now" (newer than its mtime, so relatime never changes it when a backup
 * reads the file: two backups of one tree then see identical metadata).
 */
final class Fixtures {
    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;

    /** Names (relative to the tree root) of entries restic does not restore (sockets). */
    static final List<String> NOT_RESTORED = List.of("socket");

    /** A name that is not valid UTF-8 (byte 0xFE). */
    static final byte[] NON_UTF8_NAME = {'b', 'a', 'd', (byte) 0xFE, 'n', 'a', 'm', 'e'};

    private Fixtures() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code n} bytes determined by {@code seed} alone. */
    static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static byte[] raw(Path p) {
        return Posix.path(p.toString());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    /** Writes {@code content} to a new file at {@code path} with permission bits {@code mode}. */
    static void writeFile(byte[] path, byte[] content, int mode) throws IOException {
        try (PosixFile f = PosixFile.openForWriting(path, 0600)) {
            f.truncate(0);
            if (content.length > 0) f.write(content, 0, content.length, 0);
        }
        Posix.chmod(path, mode);
    }

    static void writeFile(Path path, byte[] content) throws IOException {
        writeFile(raw(path), content, 0644);
    }

    /**
     * Fills the existing directory {@code root} with every node type restic knows, awkward names, xattrs, special
     * modes and (as root) foreign owners and a character device. Deterministic except for inode numbers and ctimes.
     */
    static void fullTree(Path rootPath) throws IOException {
        fullTree(rootPath, true);
    }

    /** {@link #fullTree(Path)}, with or without the unix socket (which restic 0.14 leaves out of backups). */
    static void fullTree(Path rootPath, boolean withSocket) throws IOException {
        byte[] root = raw(rootPath);
        List<byte[]> created = new ArrayList<>();
        // regular files
        created.add(file(root, "empty", new byte[0], 0644));
        created.add(file(root, "small.txt", utf8("hello, restic\n"), 0644));
        created.add(file(root, "half-minus-one", randomBytes(1, 512 * KIB - 1), 0644));
        created.add(file(root, "half", randomBytes(2, 512 * KIB), 0640));
        created.add(file(root, "half-plus-one", randomBytes(3, 512 * KIB + 1), 0600));
        created.add(file(root, "random.bin", randomBytes(4, 3 * MIB + 12345), 0644));
        created.add(file(root, "zeros", new byte[MIB + 7], 0644));
        byte[] sparse = Posix.join(root, utf8("sparse"));
        try (PosixFile f = PosixFile.openForWriting(sparse, 0644)) {
            byte[] head = randomBytes(5, 4 * KIB);
            f.write(head, 0, head.length, 0);
            byte[] tail = randomBytes(6, 3 * KIB);
            f.write(tail, 0, tail.length, 5L * MIB);
        }
        created.add(sparse);
        created.add(file(root, "setuid", utf8("#!/bin/sh\n"), 04755));
        created.add(file(root, "setgid", utf8("x"), 02750));
        created.add(file(root, "no-permissions", utf8("secret"), 0));
        // awkward names
        created.add(file(root, "quote\"d", utf8("q"), 0644));
        created.add(file(root, "back\\slash", utf8("b"), 0644));
        created.add(file(root, "tab\tname", utf8("t"), 0644));
        created.add(file(root, "ü<&>", utf8("u"), 0644));
        created.add(file(root, "emoji-😀🎉", utf8("e"), 0644));
        created.add(file(root, "L".repeat(255), utf8("long"), 0644));
        created.add(file(root, "ü".repeat(127) + "x", utf8("long multibyte"), 0644));
        byte[] nonUtf8 = Posix.join(root, NON_UTF8_NAME);
        writeFile(nonUtf8, utf8("not utf-8"), 0644);
        created.add(nonUtf8);
        // directories, one sticky, one with a non-UTF-8 child
        byte[] sub = dir(root, "sub", 0755);
        byte[] deeper = dir(sub, "deeper", 0700);
        created.add(file(deeper, "leaf", randomBytes(7, 10_000), 0644));
        byte[] sticky = dir(root, "sticky", 01777);
        created.add(file(sticky, "inside", utf8("i"), 0644));
        byte[] emptyDir = dir(root, "empty-dir", 0755);
        // symbolic links
        created.add(symlink(root, "link", utf8("small.txt")));
        created.add(symlink(root, "dangling", utf8("does/not/exist")));
        created.add(symlink(root, "link-non-utf8", concat(utf8("target-"), new byte[] {(byte) 0xFE, (byte) 0xFF})));
        created.add(symlink(sub, "up", utf8("../random.bin")));
        // hard links: two names, one inode
        byte[] hard1 = file(root, "hard1", randomBytes(8, 70_000), 0644);
        Posix.link(hard1, Posix.join(root, utf8("hard2")));
        created.add(hard1);
        // special files
        byte[] fifo = Posix.join(root, utf8("fifo"));
        Posix.mkfifo(fifo, 0644);
        created.add(fifo);
        if (withSocket) {
            created.add(socket(rootPath.resolve("socket")));
        }
        // extended attributes (user namespace), one binary value
        Posix.setXattr(Posix.join(root, utf8("small.txt")), utf8("user.comment"), utf8("a note"));
        Posix.setXattr(Posix.join(root, utf8("small.txt")), utf8("user.binary"), new byte[] {0, 1, 2, (byte) 0xFE});
        Posix.setXattr(sub, utf8("user.dir"), utf8("on a directory"));
        if (isRoot()) {
            byte[] dev = Posix.join(root, utf8("null-device"));
            Posix.mknod(dev, FileStat.S_IFCHR | 0644, FileStat.makedev(1, 3));
            created.add(dev);
            Posix.lchown(Posix.join(root, utf8("small.txt")), 1234, 5678);
            Posix.lchown(Posix.join(root, utf8("dangling")), 4321, 8765);
            Posix.lchown(deeper, 1000, 1000);
        }
        // times: files first, then directories deepest first (setting a child's time does not touch the parent)
        long ns = 123_456_789;
        for (byte[] p : created) {
            setTimes(p, Instant.ofEpochSecond(1_600_000_000L + (ns % 1000), ns++));
        }
        for (byte[] d : List.of(deeper, sticky, emptyDir, sub, root)) {
            setTimes(d, Instant.ofEpochSecond(1_650_000_000L, ns++));
        }
    }

    /** Creates a unix domain socket file at {@code path} (no one listens on it afterwards). */
    static byte[] socket(Path path) throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(path));
        }
        return raw(path);
    }

    private static byte[] file(byte[] dir, String name, byte[] content, int mode) throws IOException {
        byte[] p = Posix.join(dir, utf8(name));
        writeFile(p, content, mode);
        return p;
    }

    private static byte[] dir(byte[] parent, String name, int mode) throws IOException {
        byte[] p = Posix.join(parent, utf8(name));
        Posix.mkdir(p, 0700);
        Posix.chmod(p, mode);
        return p;
    }

    private static byte[] symlink(byte[] dir, String name, byte[] target) throws IOException {
        byte[] p = Posix.join(dir, utf8(name));
        Posix.symlink(target, p);
        return p;
    }

    /** Sets mtime; atime becomes "now", after the mtime, so that reading never updates it under relatime. */
    static void setTimes(byte[] path, Instant mtime) throws IOException {
        Posix.setTimes(path, Instant.now(), mtime, true);
    }

    /** The names in directory {@code dir}, sorted bytewise. */
    static List<byte[]> sortedNames(byte[] dir) throws IOException {
        List<byte[]> names = new ArrayList<>(Posix.listDirectory(dir));
        names.sort(Arrays::compareUnsigned);
        return names;
    }
}

package io.jrestic.dump;

import io.jrestic.concurrent.Futures;
import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.tree.ExtendedAttribute;
import io.jrestic.tree.FileMode;
import io.jrestic.tree.GoQuote;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.walker.TreeWalker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * restic 0.14's {@code dump}: a file's content, or a directory as a tar or zip stream. Content is streamed blob by blob
 * in file order, a few blobs loaded ahead ({@link #PREFETCH}) so reading overlaps writing; memory stays bounded
 * by that window. Not thread-safe; close it to stop its loader threads.
 */
public final class Dumper implements AutoCloseable {
    /** Blobs loaded ahead of the one being written. */
    static final int PREFETCH = 4;
    private static final byte[] ROOT = {'/'};

    private final Repository repo;
    private final TreeWalker trees;
    private final ArchiveFormat format;
    private final boolean preciseTimes;
    private final ExecutorService loaders = Executors.newFixedThreadPool(PREFETCH,
            Thread.ofPlatform().daemon().name("dump-load-", 0).factory());

    /**
     * @param format       how directories are written; a single file is always written as its bytes
     * @param preciseTimes tar only: write sub-second mtime, atime and ctime as PAX records (restic 0.14 rounds mtime
     *                     to seconds)
     */
    public Dumper(Repository repo, ArchiveFormat format, boolean preciseTimes) {
        this.repo = repo;
        this.trees = new TreeWalker(repo);
        this.format = format;
        this.preciseTimes = preciseTimes;
    }

    /** Something content is written to: an output stream or an archive entry. */
    private interface Sink {
        void write(byte[] b) throws IOException;
    }

    /** Writes the entries of one archive. */
    private interface Archive {
        void entry(byte[] path, Node node) throws IOException;

        void finish() throws IOException;
    }

    /**
     * Dumps {@code path} of the tree {@code root}: a file as its bytes (whatever the format, as restic does), a
     * directory (or "/") as an archive whose entry names are the paths inside the snapshot without the leading slash, as restic 0.14 names them.
     *
     * @throws DumpPathException if the path does not exist, or is neither a file nor a directory
     */
    public void dump(Id root, String path, OutputStream out) throws IOException {
        List<byte[]> parts = cleanComponents(path.getBytes(StandardCharsets.UTF_8));
        Tree tree = trees.loadTree(root);
        if (parts.isEmpty()) {
            writeArchive(tree, ROOT, out);
            return;
        }
        byte[] prefix = ROOT;
        for (int i = 0; ; i++) {
            byte[] item = TreeWalker.join(prefix, parts.get(i));
            boolean last = i == parts.size() - 1;
            Node node = tree.find(parts.get(i)).orElseThrow(() ->
                    new DumpPathException("path " + quoted(item) + " not found in snapshot"));
            if (last && node.type() == NodeType.FILE) {
                writeFile(node, out);
                return;
            }
            if (node.type() == NodeType.DIR) {
                tree = trees.loadTree(node.subtree());
                if (last) {
                    writeArchive(tree, item, out);
                    return;
                }
                prefix = item;
                continue;
            }
            if (!last) throw new DumpPathException(quoted(item) + " should be a dir, but is a " + quoted(node.type().jsonName()));
            throw new DumpPathException(quoted(item) + " should be a file, but is a " + quoted(node.type().jsonName()));
        }
    }

    /** Writes a file node's content, blob by blob. */
    public void writeFile(Node node, OutputStream out) throws IOException {
        writeContent(node, b -> out.write(b));
        out.flush();
    }

    /**
     * Writes the nodes of {@code tree} and everything below it as an archive; entry names are
     * {@code rootPath/<path>} without the leading slash. Below the top level only files, directories and
     * symlinks are written; at the top level any node is (others as empty regular files), as restic does.
     */
    public void writeArchive(Tree tree, byte[] rootPath, OutputStream out) throws IOException {
        Archive archive = switch (format) {
            case TAR -> tarArchive(new TarWriter(out, preciseTimes));
            case ZIP -> zipArchive(new ZipWriter(out));
        };
        for (Node top : tree.nodes()) {
            byte[] topPath = TreeWalker.join(rootPath, top.name());
            archive.entry(topPath, top);
            if (top.type() != NodeType.DIR) continue;
            trees.walk(top.subtree(), topPath, (path, node) -> {
                if (node.type() == NodeType.FILE || node.type() == NodeType.DIR || node.type() == NodeType.SYMLINK) {
                    archive.entry(path, node);
                }
                return TreeWalker.Action.CONTINUE;
            });
        }
        archive.finish();
    }

    private Archive tarArchive(TarWriter tar) {
        return new Archive() {
            @Override
            public void entry(byte[] path, Node node) throws IOException {
                writeTarEntry(tar, path, node);
            }

            @Override
            public void finish() throws IOException {
                tar.finish();
            }
        };
    }

    private Archive zipArchive(ZipWriter zip) {
        return new Archive() {
            @Override
            public void entry(byte[] path, Node node) throws IOException {
                writeZipEntry(zip, path, node);
            }

            @Override
            public void finish() throws IOException {
                zip.finish();
            }
        };
    }

    /**
     * restic's zip entry: the Go mode and mtime as they are, directories named with a trailing "/", a symlink's
     * target as its content, a file's content; other nodes (only possible at the top level) are empty.
     */
    private void writeZipEntry(ZipWriter zip, byte[] path, Node node) throws IOException {
        byte[] name = relative(path);
        if (node.type() == NodeType.DIR) name = withSlash(name);
        zip.beginEntry(name, node.mode(), node.mtime());
        switch (node.type()) {
            case SYMLINK -> zip.write(node.linkTarget(), 0, node.linkTarget().length);
            case FILE -> writeContent(node, b -> zip.write(b, 0, b.length));
            default -> {
                // directories and special files have no content
            }
        }
    }

    private static byte[] withSlash(byte[] name) {
        byte[] n = Arrays.copyOf(name, name.length + 1);
        n[name.length] = '/';
        return n;
    }

    private void writeTarEntry(TarWriter tar, byte[] path, Node node) throws IOException {
        byte[] name = relative(path);
        long mode = FileMode.permissionBits(node.mode());
        byte type = 0;
        byte[] link = null;
        switch (node.type()) {
            case FILE -> type = TarHeader.TYPE_REGULAR;
            case SYMLINK -> {
                type = TarHeader.TYPE_SYMLINK;
                link = node.linkTarget();
            }
            case DIR -> {
                type = TarHeader.TYPE_DIRECTORY;
                name = withSlash(name);
            }
            default -> {
                // restic leaves the type unset: Go's writer makes it a regular file
            }
        }
        tar.writeHeader(new TarHeader(type, name, link, mode, tarId(node.uid()), tarId(node.gid()), node.size(),
                node.mtime(), node.atime(), node.ctime(), node.user(), node.group(), paxRecords(node)));
        if (node.type() == NodeType.FILE) writeContent(node, b -> tar.write(b, 0, b.length));
    }

    /** restic's xattr records: {@code SCHILY.xattr.<name>}, and POSIX ACLs as {@code SCHILY.acl.access|default}. */
    static Map<String, byte[]> paxRecords(Node node) {
        Map<String, byte[]> records = new HashMap<>();
        for (ExtendedAttribute x : node.extendedAttributes()) {
            if (x.name().startsWith("system.posix_acl_")) {
                String text = PosixAcl.text(x.value());
                if (text.isEmpty()) continue;
                if (x.name().contains("system.posix_acl_access")) records.put("SCHILY.acl.access", text.getBytes(StandardCharsets.UTF_8));
                else if (x.name().contains("system.posix_acl_default")) records.put("SCHILY.acl.default", text.getBytes(StandardCharsets.UTF_8));
            } else {
                records.put("SCHILY.xattr." + x.name(), x.value());
            }
        }
        return records;
    }

    /** A 32-bit ID of -1 (unknown) is written as 0, as restic does. */
    private static long tarId(long id) {
        return id == 0xffff_ffffL ? 0 : id;
    }

    private void writeContent(Node node, Sink sink) throws IOException {
        List<Id> content = node.content() == null ? List.of() : node.content();
        ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < content.size() || !ahead.isEmpty()) {
                while (next < content.size() && ahead.size() < PREFETCH) {
                    Id id = content.get(next++);
                    ahead.add(loaders.submit(() -> repo.loadBlob(BlobType.DATA, id)));
                }
                sink.write(Futures.await(ahead.poll()));
            }
        } finally {
            for (Future<byte[]> f : ahead) f.cancel(true);
        }
    }

    /** The path without its leading slashes. */
    private static byte[] relative(byte[] path) {
        int i = 0;
        while (i < path.length && path[i] == '/') i++;
        return Arrays.copyOfRange(path, i, path.length);
    }

    /** Go's {@code path.Clean} split into components: empty and "." parts dropped, ".." removes the previous. */
    static List<byte[]> cleanComponents(byte[] path) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] c : TreeWalker.components(path)) {
            if (c.length == 2 && c[0] == '.' && c[1] == '.') {
                if (!out.isEmpty()) out.removeLast();
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private static String quoted(byte[] raw) {
        return "\"" + GoQuote.quote(raw) + "\"";
    }

    private static String quoted(String s) {
        return quoted(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        loaders.shutdownNow();
    }
}

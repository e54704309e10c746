package io.jrestic.archiver;

import io.jrestic.backend.ForwardingBackend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.chunker.Polynomial;
import io.jrestic.filter.PathFilter;
import io.jrestic.fs.FileStat;
import io.jrestic.fs.Posix;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.repository.SystemIdentity;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup of directories and streams into a repository: tree layout (§10.7, §10.8, §11.2) and change detection. */
class ArchiverTest {
    @TempDir
    Path tmp;
    private MemoryBackend backend;
    private Repository repo;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> errorMessages = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesRead = new AtomicLong();
    private Consumer<String> onFileDone = item -> { };

    private final BackupListener listener = new BackupListener() {
        @Override
        public void error(String item, String during, Exception cause) {
            errors.add(item);
            errorMessages.add(cause.getMessage());
        }

        @Override
        public void fileDone(String item, long bytes, boolean changed) {
            onFileDone.accept(item);
        }

        @Override
        public void bytesRead(long bytes) {
            bytesRead.addAndGet(bytes);
        }
    };

    @BeforeEach
    void init() throws Exception {
        tmp = tmp.toRealPath();
        backend = new MemoryBackend();
        repo = Repository.init(backend, "pw".getBytes(StandardCharsets.UTF_8), 2, Polynomial.of(0x3DA3358B4DC173L),
                new KdfParams(1024, 8, 1), Repository.Settings.DEFAULT);
    }

    @AfterEach
    void close() throws Exception {
        repo.close();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static BackupOptions options(List<String> excludes, List<String> excludeIfPresent, long excludeLargerThan,
                                         boolean force) {
        return new BackupOptions(PathFilter.of(excludes), PathFilter.of(List.of()), excludeIfPresent, excludeLargerThan,
                false, false, false, false, force, false, 2, null, List.of(), null, excludes);
    }

    private Archiver.Result backup(BackupOptions options, List<String> targets, Archiver.Result parent) throws IOException {
        bytesRead.set(0);
        try (BlobSaver saver = repo.newBlobSaver(); Archiver archiver = new Archiver(repo, saver, options, listener)) {
            return parent == null ? archiver.backup(targets, null, null)
                    : archiver.backup(targets, parent.snapshot(), parent.snapshotId());
        }
    }

    private Archiver.Result backup(List<String> targets) throws IOException {
        return backup(BackupOptions.defaults(), targets, null);
    }

    private Tree tree(Id id) throws IOException {
        return TreeCodec.decode(repo.loadBlob(BlobType.TREE, id));
    }

    /** The node at a slash-separated path below the snapshot's root tree. */
    private Node node(Id root, String path) throws IOException {
        Node n = null;
        Id tree = root;
        for (String part : path.replaceFirst("^/", "").split("/")) {
            n = tree(tree).find(part.getBytes(StandardCharsets.UTF_8)).orElseThrow(() -> new AssertionError(path + ": no " + part));
            tree = n.subtree();
        }
        return n;
    }

    private List<String> names(Id tree) throws IOException {
        List<String> out = new ArrayList<>();
        for (Node n : tree(tree).nodes()) out.add(n.nameAsString());
        return out;
    }

    private byte[] content(Node file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Id blob : file.content()) out.writeBytes(repo.loadBlob(BlobType.DATA, blob));
        return out.toByteArray();
    }

    private Path write(String relative, String content) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static int depth(Path p) {
        return p.getNameCount();
    }

    // ---- files and directories ------------------------------------------------------------------------------

    @Test
    void backsUpFilesDirectoriesLinksAndRawNamesAsResticFillsNodes() throws Exception {
        Path src = tmp.resolve("src");
        write("src/a.txt", "hello");
        write("src/sub/b.txt", "world");
        write("src/empty", "");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        Files.createLink(src.resolve("hard"), src.resolve("a.txt"));
        Path raw = write("src/raw-tmp", "raw bytes");
        byte[] rawName = {'r', 'a', 'w', (byte) 0xfe};
        Posix.link(Posix.path(raw.toString()), Posix.join(Posix.path(src.toString()), rawName));
        Files.delete(raw);

        Archiver.Result result = backup(List.of(src.toString()));

        assertEquals(List.of(), errors);
        Snapshot sn = Snapshots.load(repo, result.snapshotId());
        assertEquals(List.of(src.toString()), sn.paths());
        Id srcTree = node(sn.tree(), src.toString()).subtree();
        assertEquals(List.of("a.txt", "empty", "hard", "link", "raw\ufffd", "sub"), names(srcTree));

        Node a = node(sn.tree(), src + "/a.txt");
        FileStat aStat = Posix.lstat(Posix.path(src + "/a.txt"));
        assertEquals(NodeType.FILE, a.type());
        assertEquals(0644, a.mode() & 0777);
        assertEquals(5, a.size());
        assertEquals(2, a.links());
        assertEquals(aStat.ino(), a.inode());
        assertEquals(aStat.dev(), a.deviceId());
        assertEquals(aStat.mtime(), a.mtime().toInstant());
        assertEquals(a.mtime(), a.atime(), "atime is a copy of mtime without --with-atime");
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), content(a));

        Node hard = node(sn.tree(), src + "/hard");
        assertEquals(a.inode(), hard.inode());
        assertEquals(a.content(), hard.content(), "a hard link is read again and deduplicates");

        Node empty = node(sn.tree(), src + "/empty");
        assertEquals(List.of(), empty.content());
        assertEquals(0, empty.size());

        Node link = node(sn.tree(), src + "/link");
        assertEquals(NodeType.SYMLINK, link.type());
        assertArrayEquals("a.txt".getBytes(StandardCharsets.UTF_8), link.linkTarget());
        assertNull(link.content());

        Node rawNode = tree(srcTree).nodes().stream().filter(n -> n.hasName(rawName)).findFirst().orElseThrow();
        assertArrayEquals("raw bytes".getBytes(StandardCharsets.UTF_8), content(rawNode));

        Node sub = node(sn.tree(), src + "/sub");
        assertEquals(NodeType.DIR, sub.type());
        assertEquals(FileMode.MODE_DIR, sub.mode() & FileMode.MODE_DIR);
        assertArrayEquals("world".getBytes(StandardCharsets.UTF_8), content(node(sn.tree(), src + "/sub/b.txt")));

        BackupStatistics stats = result.statistics();
        assertEquals(5, stats.filesNew()); // a.txt, hard, empty, raw, b.txt; the symlink is not a file
        assertEquals(depth(src) + 1, stats.dirsNew(), "every directory on the way to the target counts, and sub");
        assertEquals(5 + 5 + 9 + 5, stats.totalBytesProcessed());
        assertEquals(3, result.added().dataBlobs(), "hello, world, raw bytes");
        assertEquals(depth(src) + 2, result.added().treeBlobs(), "root, one per directory level, sub");
    }

    @Test
    void theRootTreeHoldsTheTargetsFullPathWithTheRealDirectoriesMetadata() throws Exception {
        write("data/f", "x");
        Path data = tmp.resolve("data");
        Snapshot sn = backup(List.of(data.toString())).snapshot();
        Id level = sn.tree();
        Path walked = Path.of("/");
        for (Path part : data) {
            assertEquals(List.of(part.toString()), names(level), "one entry per level");
            walked = walked.resolve(part);
            Node n = node(level, part.toString());
            assertEquals(NodeType.DIR, n.type());
            assertEquals(Posix.lstat(Posix.path(walked.toString())).ino(), n.inode(), walked.toString());
            level = n.subtree();
        }
        assertEquals(List.of("f"), names(level));
    }

    @Test
    void aRelativeTargetIsPlacedAsIfUnderTheRootAndRecordedAsAnAbsolutePath() throws Exception {
        Path relativeBase = Files.createTempDirectory(Path.of("target"), "archiver-");
        try {
            Files.createDirectories(relativeBase.resolve("src"));
            Files.writeString(relativeBase.resolve("src/f"), "relative");
            String target = relativeBase.resolve("src").toString(); // target/archiver-…/src
            Snapshot sn = backup(List.of(target)).snapshot();
            assertEquals(List.of("target"), names(sn.tree()));
            assertEquals(List.of(relativeBase.getFileName().toString()), names(node(sn.tree(), "target").subtree()));
            assertArrayEquals("relative".getBytes(StandardCharsets.UTF_8), content(node(sn.tree(), target + "/f")));
            assertEquals(List.of(Path.of(target).toAbsolutePath().toString()), sn.paths());
        } finally {
            try (Stream<Path> walk = Files.walk(relativeBase)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void targetsWithTheSameNameInDifferentDirectoriesKeepTheirPathsAndPathsKeepCommandLineOrder() throws Exception {
        write("b/data/f", "from b");
        write("a/data/f", "from a");
        String b = tmp.resolve("b/data").toString();
        String a = tmp.resolve("a/data").toString();
        Snapshot sn = backup(List.of(b, a, b)).snapshot();
        assertEquals(List.of(b, a, b), sn.paths(), "absolute, in command-line order, as given");
        assertEquals(List.of("a", "b"), names(node(sn.tree(), tmp.toString()).subtree()));
        assertArrayEquals("from a".getBytes(StandardCharsets.UTF_8), content(node(sn.tree(), a + "/f")));
        assertArrayEquals("from b".getBytes(StandardCharsets.UTF_8), content(node(sn.tree(), b + "/f")));
        assertEquals(List.of("data"), names(node(sn.tree(), tmp + "/b").subtree()), "a repeated target counts once");
    }

    @Test
    void excludePatternsApplyToEverythingIncludingTargets() throws Exception {
        write("src/keep.txt", "k");
        write("src/drop.log", "d");
        write("src/logs/x.log", "d");
        write("other/file", "o");
        String src = tmp.resolve("src").toString();
        String other = tmp.resolve("other").toString();
        Snapshot sn = backup(options(List.of("*.log", other), List.of(), 0, false), List.of(src, other), null).snapshot();
        assertEquals(List.of("keep.txt", "logs"), names(node(sn.tree(), src).subtree()));
        assertEquals(List.of(), names(node(sn.tree(), src + "/logs").subtree()));
        assertEquals(List.of("src"), names(node(sn.tree(), tmp.toString()).subtree()), "the excluded target is left out");
        assertEquals(List.of("*.log", other), sn.excludes());
    }

    @Test
    void aDirectoryWithATagFileKeepsOnlyTheTagFile() throws Exception {
        write("src/tagged/.nobackup", "");
        write("src/tagged/secret", "s");
        write("src/tagged/deeper/more", "m");
        write("src/cache/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55 rest");
        write("src/cache/blob", "b");
        write("src/fake/CACHEDIR.TAG", "not the signature");
        write("src/fake/blob", "b");
        String src = tmp.resolve("src").toString();
        Snapshot sn = backup(options(List.of(), List.of(".nobackup", BackupOptions.CACHEDIR_TAG), 0, false),
                List.of(src), null).snapshot();
        assertEquals(List.of(".nobackup"), names(node(sn.tree(), src + "/tagged").subtree()));
        assertEquals(List.of("CACHEDIR.TAG"), names(node(sn.tree(), src + "/cache").subtree()));
        assertEquals(List.of("CACHEDIR.TAG", "blob"), names(node(sn.tree(), src + "/fake").subtree()),
                "a tag file without the required header does not count");
    }

    @Test
    void aTagFileSpecWithoutANameIsRefusedBeforeTheBackupStartsWithResticsMessages() {
        assertEquals("name for exclusion tagfile is empty", assertThrows(IllegalArgumentException.class,
                () -> options(List.of(), List.of(""), 0, false)).getMessage());
        assertEquals("no name for exclusion tagfile provided", assertThrows(IllegalArgumentException.class,
                () -> options(List.of(), List.of(":header"), 0, false)).getMessage());
    }

    @Test
    void filesLargerThanTheLimitAreLeftOut() throws Exception {
        write("src/small", "0123456789");
        write("src/large", "0123456789!");
        write("src/dir/nested-large", "0123456789!");
        String src = tmp.resolve("src").toString();
        Snapshot sn = backup(options(List.of(), List.of(), 10, false), List.of(src), null).snapshot();
        assertEquals(List.of("dir", "small"), names(node(sn.tree(), src).subtree()));
        assertEquals(List.of(), names(node(sn.tree(), src + "/dir").subtree()));
    }

    // ---- parent snapshot ------------------------------------------------------------------------------------

    @Test
    void withAParentUnchangedFilesAreNotReadAgain() throws Exception {
        write("src/a", "alpha");
        write("src/d/b", "beta");
        String src = tmp.resolve("src").toString();
        Archiver.Result first = backup(List.of(src));
        assertEquals(9, bytesRead.get());

        Archiver.Result second = backup(BackupOptions.defaults(), List.of(src), first);
        assertEquals(0, bytesRead.get(), "nothing was read");
        assertEquals(2, second.statistics().filesUnmodified());
        assertEquals(0, second.statistics().filesNew() + second.statistics().filesChanged());
        assertEquals(depth(tmp.resolve("src")) + 1, second.statistics().dirsUnmodified());
        assertEquals(0, second.added().dataBlobs());
        assertEquals(0, second.added().treeBlobs());
        assertEquals(9, second.statistics().totalBytesProcessed(), "reused files count as processed");
        assertEquals(first.snapshot().tree(), second.snapshot().tree());
        assertEquals(first.snapshotId(), second.snapshot().parent());
    }

    @Test
    void aDirectoryWhoseNodesEqualTheParentsKeepsTheParentsTreeEvenIfItsBytesDiffer() throws Exception {
        write("src/a", "alpha");
        write("src/d/b", "beta");
        String src = tmp.resolve("src").toString();
        Archiver.Result first = backup(List.of(src));
        // A parent whose tree for src/d is written differently (an unknown key, as a newer restic might add):
        // the same nodes, other bytes, another ID.
        Id d = node(first.snapshot().tree(), src + "/d").subtree();
        String json = new String(repo.loadBlob(BlobType.TREE, d), StandardCharsets.UTF_8);
        byte[] variant = json.replaceFirst("^\\{\"nodes\"", "{\"future\":1,\"nodes\"").getBytes(StandardCharsets.UTF_8);
        assertEquals(tree(d), TreeCodec.decode(variant));
        Id variantRoot;
        Id variantD;
        try (BlobSaver saver = repo.newBlobSaver()) {
            variantD = saver.save(BlobType.TREE, variant, 0, variant.length).id();
            variantRoot = replaceSubtree(saver, first.snapshot().tree(), (src + "/d").substring(1).split("/"), 0, variantD);
            saver.flush();
        }
        Snapshot parent = first.snapshot();
        parent = new Snapshot(parent.time(), null, variantRoot, parent.paths(), parent.hostname(), parent.username(),
                parent.uid(), parent.gid(), parent.excludes(), parent.tags(), null, parent.programVersion(), null);

        try (BlobSaver saver = repo.newBlobSaver(); Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), listener)) {
            Archiver.Result unchanged = archiver.backup(List.of(src), parent, null);
            assertEquals(variantRoot, unchanged.snapshot().tree(), "every directory kept the parent's tree");
            assertEquals(0, unchanged.added().treeBlobs());
        }
        Files.writeString(tmp.resolve("src/a"), "alpha, changed");
        try (BlobSaver saver = repo.newBlobSaver(); Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), listener)) {
            Archiver.Result changed = archiver.backup(List.of(src), parent, null);
            assertEquals(variantD, node(changed.snapshot().tree(), src + "/d").subtree(), "src/d did not change");
            assertTrue(!variantRoot.equals(changed.snapshot().tree()), "src changed, and so did every tree above it");
        }
    }

    /** Saves new trees from {@code tree} down along {@code path}, with the last directory's subtree set to {@code leaf}. */
    private Id replaceSubtree(BlobSaver saver, Id tree, String[] path, int depth, Id leaf) throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (Node n : tree(tree).nodes()) {
            if (!n.nameAsString().equals(path[depth])) nodes.add(n);
            else nodes.add(n.withSubtree(depth == path.length - 1 ? leaf : replaceSubtree(saver, n.subtree(), path, depth + 1, leaf)));
        }
        byte[] json = TreeCodec.RESTIC_0_14.encode(new Tree(nodes));
        return saver.save(BlobType.TREE, json, 0, json.length).id();
    }

    @Test
    void aFileWithAnotherSizeOrMtimeIsReadAgain() throws Exception {
        Path a = write("src/a", "alpha");
        Path b = write("src/b", "beta");
        write("src/c", "gamma");
        String src = tmp.resolve("src").toString();
        Archiver.Result first = backup(List.of(src));

        Files.writeString(a, "alpha, longer");
        Files.setLastModifiedTime(b, FileTime.from(Instant.parse("2020-02-29T12:00:00.123456789Z")));
        Archiver.Result second = backup(BackupOptions.defaults(), List.of(src), first);
        assertEquals(13 + 4, bytesRead.get());
        assertEquals(2, second.statistics().filesChanged());
        assertEquals(1, second.statistics().filesUnmodified());
        assertEquals(1, second.added().dataBlobs(), "only the new content of a is stored");
        assertArrayEquals("alpha, longer".getBytes(StandardCharsets.UTF_8), content(node(second.snapshot().tree(), src + "/a")));
        assertEquals(Instant.parse("2020-02-29T12:00:00.123456789Z"), node(second.snapshot().tree(), src + "/b").mtime().toInstant());
    }

    @Test
    void forceReadsEveryFileAgain() throws Exception {
        write("src/a", "alpha");
        write("src/b", "beta");
        String src = tmp.resolve("src").toString();
        Archiver.Result first = backup(List.of(src));
        Archiver.Result forced = backup(options(List.of(), List.of(), 0, true), List.of(src), first);
        assertEquals(9, bytesRead.get());
        assertEquals(0, forced.added().dataBlobs());
        assertEquals(first.snapshot().tree(), forced.snapshot().tree());
    }

    @Test
    void aReusedFileWhoseModeChangedCountsAsUnmodifiedAsInRestic() throws Exception {
        Path a = write("src/a", "alpha");
        String src = tmp.resolve("src").toString();
        Archiver.Result first = backup(List.of(src));
        Posix.chmod(Posix.path(a.toString()), 0600);
        BackupOptions ignoreCtime = new BackupOptions(PathFilter.of(List.of()), PathFilter.of(List.of()), List.of(), 0,
                false, false, false, true, false, false, 2, null, List.of(), null, List.of());
        Archiver.Result second = backup(ignoreCtime, List.of(src), first);
        assertEquals(0, bytesRead.get());
        assertEquals(1, second.statistics().filesUnmodified());
        assertEquals(0600, node(second.snapshot().tree(), src + "/a").mode() & 0777, "the node has the new mode");
    }

    // ---- errors ---------------------------------------------------------------------------------------------

    @Test
    void aMissingTargetIsReportedAndLeftOut() throws Exception {
        write("src/a", "alpha");
        String src = tmp.resolve("src").toString();
        String missing = tmp.resolve("missing").toString();
        Archiver.Result result = backup(List.of(src, missing));
        assertEquals(List.of(missing), errors);
        assertEquals(1, result.statistics().errors());
        assertNotNull(result.snapshotId());
        assertEquals(List.of("src"), names(node(result.snapshot().tree(), tmp.toString()).subtree()));
    }

    @Test
    void anItemThatVanishesDuringTheWalkIsReportedAndLeftOut() throws Exception {
        write("src/a", "alpha");
        Path b = write("src/b", "beta");
        String src = tmp.resolve("src").toString();
        Archiver.Result first = backup(List.of(src));
        // a is reused from the parent, so its completion is reported on the walking thread, before b is looked at.
        onFileDone = item -> {
            if (item.endsWith("/a")) b.toFile().delete();
        };
        Archiver.Result second = backup(BackupOptions.defaults(), List.of(src), first);
        assertEquals(List.of(b.toString()), errors);
        assertEquals(1, second.statistics().errors());
        assertEquals(List.of("a"), names(node(second.snapshot().tree(), src).subtree()));
    }

    /** A backend that refuses new packs, for a repository that fails under the backup. */
    private static final class PackRefusingBackend extends ForwardingBackend {
        PackRefusingBackend(MemoryBackend store) {
            super(store);
        }

        @Override
        public String location() {
            return "refusing:test";
        }

        @Override
        public int connections() {
            return 1;
        }

        @Override
        public void save(FileHandle handle, ByteSource content) throws IOException {
            if (handle.type() == FileType.PACK) throw new IOException(location() + ": " + handle + ": disk full");
            super.save(handle, content);
        }
    }

    @Test
    void aRepositoryFailureAbortsTheBackupInsteadOfBlamingSourceFiles() throws Exception {
        write("src/a", "alpha");
        write("src/b", "beta");
        Repository failing = Repository.open(new PackRefusingBackend(backend), "pw".getBytes(StandardCharsets.UTF_8),
                null, Repository.Settings.DEFAULT);
        try (BlobSaver saver = failing.newBlobSaver();
             Archiver archiver = new Archiver(failing, saver, BackupOptions.defaults(), listener)) {
            saver.save(BlobType.DATA, new byte[] {1}, 0, 1);
            assertThrows(IOException.class, saver::flush); // the session has failed before the backup starts
            IOException e = assertThrows(IOException.class,
                    () -> archiver.backup(List.of(tmp.resolve("src").toString()), null, null));
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        }
        assertEquals(List.of(), errors, "no source file is reported as unreadable");
        assertTrue(repo.list(FileType.SNAPSHOT).isEmpty());
    }

    // ---- streams --------------------------------------------------------------------------------------------

    @Test
    void aStreamWithANestedNameGetsOneDirectoryPerComponent() throws Exception {
        byte[] data = "database dump\n".getBytes(StandardCharsets.UTF_8);
        Archiver.Result result;
        try (BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), listener)) {
            result = archiver.backupStream(new ByteArrayInputStream(data), "a/b/c.txt");
        }
        Snapshot sn = Snapshots.load(repo, result.snapshotId());
        assertEquals(List.of("/a/b/c.txt"), sn.paths());
        assertEquals(List.of("a"), names(sn.tree()));
        for (String dir : List.of("a", "a/b")) {
            Node d = node(sn.tree(), dir);
            assertEquals(NodeType.DIR, d.type());
            assertEquals(2147484141L, d.mode() & 0xffffffffL);
            assertEquals(SystemIdentity.uid(), d.uid());
            assertEquals("", d.user());
            assertEquals(0, d.inode());
        }
        assertEquals(List.of("c.txt"), names(node(sn.tree(), "a/b").subtree()));
        Node file = node(sn.tree(), "a/b/c.txt");
        assertEquals(NodeType.FILE, file.type());
        assertEquals(420, file.mode());
        assertEquals(data.length, file.size());
        assertEquals(sn.time(), file.mtime());
        assertEquals(sn.time(), file.ctime());
        assertEquals(SystemIdentity.gid(), file.gid());
        assertEquals("", file.group());
        assertEquals(0, file.inode());
        assertEquals(0, file.links());
        assertArrayEquals(data, content(file));
    }

    @Test
    void aStreamNamedStdinIsTheOnlyNodeOfTheRootTree() throws Exception {
        try (BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), listener)) {
            Snapshot sn = archiver.backupStream(new ByteArrayInputStream(new byte[] {'x'}), "stdin").snapshot();
            assertEquals(List.of("/stdin"), sn.paths());
            assertEquals(List.of("stdin"), names(sn.tree()));
            assertEquals(1, node(sn.tree(), "stdin").size());
        }
    }

    @Test
    void aStreamWithoutDataIsAnErrorOnTheItemAndSavesNothing() throws Exception {
        int files = backend.fileCount();
        try (BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), listener)) {
            EmptySnapshotException e = assertThrows(EmptySnapshotException.class,
                    () -> archiver.backupStream(new ByteArrayInputStream(new byte[0]), "dump.sql"));
            assertEquals("snapshot is empty", e.getMessage());
            saver.flush();
        }
        assertEquals(List.of("/dump.sql"), errors, "restic reports the item first");
        assertEquals(List.of("read /dump.sql: no data read"), errorMessages);
        assertEquals(files, backend.fileCount(), "no pack, index, tree or snapshot");
    }

    @Test
    void aStreamWithoutDataInADirectoryLeavesTheDirectoryEmptyAndCountsAnError() throws Exception {
        Archiver.Result result;
        try (BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), listener)) {
            result = archiver.backupStream(new ByteArrayInputStream(new byte[0]), "db/dump.sql");
        }
        assertEquals(List.of("read /db/dump.sql: no data read"), errorMessages);
        assertEquals(1, result.statistics().errors(), "the CLI exits with 3, as restic 0.14 does here");
        assertEquals(0, result.statistics().filesNew());
        assertEquals(1, result.statistics().dirsNew());
        Snapshot sn = Snapshots.load(repo, result.snapshotId());
        assertEquals(List.of("db"), names(sn.tree()));
        assertEquals(List.of(), names(node(sn.tree(), "db").subtree()));
    }

    // ---- dry run --------------------------------------------------------------------------------------------

    @Test
    void aDryRunWritesNothing() throws Exception {
        write("src/a", "alpha");
        write("src/d/b", "beta");
        int files = backend.fileCount();
        Archiver.Result result = backup(BackupOptions.defaults().withDryRun(true), List.of(tmp.resolve("src").toString()), null);
        assertEquals(files, backend.fileCount());
        assertNull(result.snapshotId());
        assertEquals(2, result.statistics().filesNew());
        assertTrue(repo.list(FileType.SNAPSHOT).isEmpty());

        try (BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults().withDryRun(true), listener)) {
            assertNull(archiver.backupStream(new ByteArrayInputStream(new byte[] {1, 2, 3}), "x").snapshotId());
        }
        assertEquals(files, backend.fileCount());
    }
}

package io.jrestic.restorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.ForwardingBackend;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.filter.PathFilter;
import io.jrestic.fs.ErrnoException;
import io.jrestic.fs.FileStat;
import io.jrestic.fs.Identity;
import io.jrestic.fs.Posix;
import io.jrestic.fs.PosixFile;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.tree.Node;
import io.jrestic.walker.SnapshotFixture;
import io.jrestic.walker.TreeWalker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorerTest {
    private static final byte[] RAW_NAME = {'r', 'a', 'w', (byte) 0xfe, (byte) 0xff};
    private static final Instant BASE_TIME = Instant.parse("2021-03-04T05:06:07.123456789Z");
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;
    final MemoryBackend backend = new MemoryBackend();

    /** Records what a restore reports. */
    static final class Recorder implements RestoreListener {
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final List<Exception> causes = Collections.synchronizedList(new ArrayList<>());
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void error(String location, Exception cause) {
            errors.add(location);
            causes.add(cause);
        }

        @Override
        public void warning(String location, String message) {
            warnings.add(location + ": " + message);
        }
    }

    // ---- fixtures ---------------------------------------------------------------------------------------------

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static void write(byte[] path, byte[] content) throws IOException {
        try (PosixFile f = PosixFile.open(path, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC, 0644)) {
            f.write(content, 0, content.length, 0);
        }
    }

    private static byte[] read(byte[] path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try (PosixFile f = PosixFile.open(path, Posix.O_RDONLY, 0)) {
            long pos = 0;
            for (int n; (n = f.read(buf, 0, buf.length, pos)) > 0; pos += n) out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] at(byte[] dir, String relative) {
        return Posix.join(dir, b(relative));
    }

    /**
     * A directory with every kind of node restore handles: a multi-blob file, an empty file, a sparse file made of
     * repeated zero blobs, a setuid file, a symlink, a fifo, two hard links in different directories, a
     * non-UTF-8 name, a read-only directory, and nanosecond times on everything.
     */
    private byte[] sampleTree() throws IOException {
        byte[] src = b(tmp.resolve("src").toString());
        Posix.mkdir(src, 0755);
        write(at(src, "big.bin"), random(3 * MIB / 2, 1));
        write(at(src, "empty"), new byte[0]);
        try (PosixFile f = PosixFile.open(at(src, "sparse"), Posix.O_WRONLY | Posix.O_CREAT, 0644)) {
            f.truncate(2 * MIB);
            f.write(b("tail"), 0, 4, 2 * MIB);
        }
        Posix.mkdir(at(src, "sub"), 0750);
        write(at(src, "sub/nested.txt"), b("nested\n"));
        Posix.chmod(at(src, "sub/nested.txt"), 04755);
        Posix.symlink(b("../big.bin"), at(src, "sub/link"));
        Posix.mkfifo(at(src, "fifo"), 0640);
        write(at(src, "hard1"), b("linked content"));
        Posix.link(at(src, "hard1"), at(src, "sub/hard2"));
        write(Posix.join(src, RAW_NAME), b("raw name"));
        Posix.mkdir(at(src, "ro"), 0755);
        write(at(src, "ro/inside"), b("in a read-only directory"));
        Posix.chmod(at(src, "ro"), 0555);
        setTimes(src, 0);
        return src;
    }

    /** Distinct nanosecond times on everything below {@code dir}, contents before their directory. */
    private static int setTimes(byte[] dir, int n) throws IOException {
        List<byte[]> names = Posix.listDirectory(dir);
        names.sort(java.util.Arrays::compareUnsigned);
        for (byte[] name : names) {
            byte[] p = Posix.join(dir, name);
            FileStat st = Posix.lstat(p);
            if (st.isDirectory()) n = setTimes(p, n);
            Instant t = BASE_TIME.plusSeconds(++n).plusNanos(n);
            Posix.setTimes(p, t, t, st.isSymbolicLink());
        }
        return n;
    }

    private Restorer restorer(Repository repo, Id tree, RestoreSelector selector, RestoreListener listener) {
        return new Restorer(repo, tree, selector, RestoreOptions.DEFAULT, listener);
    }

    private static Set<String> names(byte[] dir) throws IOException {
        return Posix.listDirectory(dir).stream().map(n -> new String(n, StandardCharsets.ISO_8859_1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Same names, types, permissions, owners, mtimes (ns), contents and link targets, recursively. */
    private static void assertSameTree(byte[] src, byte[] dst) throws IOException {
        assertEquals(names(src), names(dst), "names in " + new String(dst, StandardCharsets.UTF_8));
        for (byte[] name : Posix.listDirectory(src)) {
            byte[] s = Posix.join(src, name);
            byte[] d = Posix.join(dst, name);
            String where = new String(d, StandardCharsets.UTF_8);
            FileStat a = Posix.lstat(s);
            FileStat r = Posix.lstat(d);
            assertEquals(a.type(), r.type(), where);
            assertEquals(a.mtime(), r.mtime(), where);
            assertEquals(a.uid(), r.uid(), where);
            assertEquals(a.gid(), r.gid(), where);
            if (a.isSymbolicLink()) {
                assertArrayEquals(Posix.readlink(s), Posix.readlink(d), where);
                continue;
            }
            assertEquals(a.mode() & 07777, r.mode() & 07777, where);
            if (a.isRegularFile()) {
                assertEquals(a.size(), r.size(), where);
                assertArrayEquals(read(s), read(d), where);
            }
            if (a.isDirectory()) assertSameTree(s, d);
        }
    }

    /** Checked before anything reads the files (reading moves atime; hard links share it). */
    private static void assertAtimeIsMtime(byte[] dir) throws IOException {
        for (byte[] name : Posix.listDirectory(dir)) {
            byte[] p = Posix.join(dir, name);
            FileStat st = Posix.lstat(p);
            if (st.isRegularFile()) {
                assertEquals(st.mtime(), st.atime(), "restic restores atime = mtime (no --with-atime): " + new String(p, StandardCharsets.UTF_8));
            }
            if (st.isDirectory()) assertAtimeIsMtime(p);
        }
    }

    // ---- whole trees ------------------------------------------------------------------------------------------

    @Test
    void restoresContentModesTimesLinksSpecialFilesAndRawNames() throws IOException {
        byte[] src = sampleTree();
        if (Identity.getuid() == 0) Posix.lchown(at(src, "sub/nested.txt"), 1234, 2345);
        Repository repo = SnapshotFixture.newRepository(backend);
        Snapshot s = SnapshotFixture.backup(repo, Path.of(new String(src, StandardCharsets.UTF_8)));
        Id tree = SnapshotFixture.treeOf(repo, s, Path.of(new String(src, StandardCharsets.UTF_8)));
        byte[] out = b(tmp.resolve("out").toString());
        Recorder rec = new Recorder();

        RestoreResult result = restorer(repo, tree, RestoreSelector.all(), rec).restoreTo(out);

        assertEquals(List.of(), rec.errors);
        assertEquals(0, result.errors());
        assertEquals(8, result.files(), "regular files, hard links included");
        assertAtimeIsMtime(out);
        assertSameTree(src, out);
        FileStat h1 = Posix.lstat(at(out, "hard1"));
        FileStat h2 = Posix.lstat(at(out, "sub/hard2"));
        assertEquals(h1.ino(), h2.ino(), "hard links are restored as links");
        assertEquals(2, h1.nlink());
        assertEquals(FileStat.S_IFIFO, Posix.lstat(at(out, "fifo")).type());
    }

    @Test
    void sparseRestoreLeavesZeroBlobsAsHoles() throws IOException {
        byte[] src = b(tmp.resolve("src").toString());
        Posix.mkdir(src, 0755);
        try (PosixFile f = PosixFile.open(at(src, "sparse"), Posix.O_WRONLY | Posix.O_CREAT, 0644)) {
            f.truncate(4 * MIB);
            f.write(b("end"), 0, 3, 4 * MIB);
        }
        Repository repo = SnapshotFixture.newRepository(backend);
        Path srcPath = Path.of(new String(src, StandardCharsets.UTF_8));
        Id tree = SnapshotFixture.treeOf(repo, SnapshotFixture.backup(repo, srcPath), srcPath);
        byte[] out = b(tmp.resolve("out").toString());

        RestoreResult result = new Restorer(repo, tree, RestoreSelector.all(), new RestoreOptions(0, true), RestoreListener.NONE)
                .restoreTo(out);

        assertEquals(0, result.errors());
        assertArrayEquals(read(at(src, "sparse")), read(at(out, "sparse")));
        FileStat st = Posix.lstat(at(out, "sparse"));
        assertTrue(st.blocks() * 512 < MIB, "zero blobs were not written: " + st.blocks() + " blocks");
    }

    @Test
    void readsEachNeededPackOnce() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i < 20; i++) Files.write(src.resolve("f" + i), random(1000 + 500 * i, i));
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = SnapshotFixture.treeOf(repo, SnapshotFixture.backup(repo, src), src);
        int dataPacks = (int) repo.index().packs().stream().filter(p -> !repo.index().blobsOfPack(p).isEmpty()
                && repo.index().blobsOfPack(p).getFirst().type() == BlobType.DATA).count();
        assertEquals(1, dataPacks);
        int before = backend.readRequests();

        RestoreResult result = restorer(repo, tree, RestoreSelector.all(), RestoreListener.NONE).restoreTo(b(tmp.resolve("out").toString()));

        assertEquals(20, result.files());
        assertEquals(1 + dataPacks, backend.readRequests() - before, "one request for the tree, one per data pack");
        for (int i = 0; i < 20; i++) assertArrayEquals(random(1000 + 500 * i, i), Files.readAllBytes(tmp.resolve("out/f" + i)));
    }

    @Test
    void filesOverSeveralPacksAreRestoredWithTheirMetadataAndEveryPackIsReadOnce() throws IOException {
        // 36 MB of random content in two data packs, each holding files from more than one directory.
        Path src = Files.createDirectories(tmp.resolve("spread"));
        for (int d = 0; d < 4; d++) {
            Path dir = Files.createDirectories(src.resolve("d" + d));
            for (int i = 0; i < 3; i++) Files.write(dir.resolve("f" + i), random(3_000_000 + i, 10 * d + i));
        }
        Posix.chmod(b(src.resolve("d3/f2").toString()), 0440);
        Repository writer = SnapshotFixture.newRepository(backend);
        Id tree = SnapshotFixture.treeOf(writer, SnapshotFixture.backup(writer, src), src);
        Map<FileHandle, Integer> packReads = new ConcurrentHashMap<>();
        Backend counting = new ForwardingBackend(backend) {
            @Override
            public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
                if (handle.type() == FileType.PACK) packReads.merge(handle, 1, Integer::sum);
                return super.openRange(handle, offset, length);
            }
        };
        Repository repo = Repository.open(counting, SnapshotFixture.PASSWORD, null, Repository.Settings.DEFAULT);
        repo.loadIndex();
        Path out = tmp.resolve("out");

        RestoreResult result = restorer(repo, tree, RestoreSelector.all(), RestoreListener.NONE).restoreTo(b(out.toString()));

        assertEquals(0, result.errors());
        assertEquals(12, result.files());
        for (int d = 0; d < 4; d++) {
            for (int i = 0; i < 3; i++) {
                Path f = out.resolve("d" + d + "/f" + i);
                assertArrayEquals(random(3_000_000 + i, 10 * d + i), Files.readAllBytes(f));
                assertEquals(Posix.lstat(b(src.resolve("d" + d + "/f" + i).toString())).mtime(), Posix.lstat(b(f.toString())).mtime());
            }
        }
        assertEquals(0440, Posix.lstat(b(out.resolve("d3/f2").toString())).mode() & 07777);
        long dataPacks = repo.index().packs().stream()
                .filter(p -> repo.index().blobsOfPack(p).stream().anyMatch(e -> e.type() == BlobType.DATA)).count();
        assertTrue(dataPacks >= 2, "the content spans several packs: " + dataPacks);
        packReads.entrySet().removeIf(e -> repo.index().blobsOfPack(e.getKey().id()).stream().noneMatch(x -> x.type() == BlobType.DATA));
        assertEquals(dataPacks, packReads.size(), "every data pack is read");
        assertEquals(Set.of(1), Set.copyOf(packReads.values()), "each in one request: " + packReads);
    }

    // ---- selection --------------------------------------------------------------------------------------------

    private Id sampleSnapshotTree(Repository repo) throws IOException {
        byte[] src = sampleTree();
        Path p = Path.of(new String(src, StandardCharsets.UTF_8));
        return SnapshotFixture.treeOf(repo, SnapshotFixture.backup(repo, p), p);
    }

    @Test
    void includeRestoresMatchesAndTheDirectoriesLeadingToThem() throws IOException {
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = sampleSnapshotTree(repo);
        byte[] out = b(tmp.resolve("out").toString());

        restorer(repo, tree, RestoreSelector.including(PathFilter.of(List.of("nested.txt")), PathFilter.of(List.of())),
                RestoreListener.NONE).restoreTo(out);

        assertEquals(Set.of("sub"), names(out));
        assertEquals(Set.of("nested.txt"), names(at(out, "sub")));
        assertEquals(0750, Posix.lstat(at(out, "sub")).mode() & 07777, "the parent's metadata is restored too");
    }

    @Test
    void includeOfADirectoryRestoresEverythingBelowIt() throws IOException {
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = sampleSnapshotTree(repo);
        byte[] out = b(tmp.resolve("out").toString());

        restorer(repo, tree, RestoreSelector.including(PathFilter.of(List.of("/sub")), PathFilter.of(List.of())),
                RestoreListener.NONE).restoreTo(out);

        assertEquals(Set.of("sub"), names(out));
        assertEquals(Set.of("hard2", "link", "nested.txt"), names(at(out, "sub")));
        assertArrayEquals(b("linked content"), read(at(out, "sub/hard2")), "a hard link whose first member is not selected gets the content");
    }

    @Test
    void excludeDropsMatchesAndEverythingBelowExcludedDirectories() throws IOException {
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = sampleSnapshotTree(repo);
        byte[] out = b(tmp.resolve("out").toString());

        restorer(repo, tree, RestoreSelector.excluding(PathFilter.of(List.of("*.bin", "/sub")), PathFilter.caseInsensitive(List.of("RO"))),
                RestoreListener.NONE).restoreTo(out);

        Set<String> expected = new TreeSet<>(Set.of("empty", "sparse", "fifo", "hard1", new String(RAW_NAME, StandardCharsets.ISO_8859_1)));
        assertEquals(expected, names(out));
    }

    @Test
    void includeAndExcludeTogetherAreRejected() {
        PathFilter some = PathFilter.of(List.of("x"));
        PathFilter none = PathFilter.of(List.of());
        assertEquals("exclude and include patterns are mutually exclusive",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> RestoreSelector.of(some, none, some, none)).getMessage());
    }

    // ---- damage -----------------------------------------------------------------------------------------------

    /** The tree of a snapshot of two random files, {@code a.bin} and {@code b.bin} (seeds {@code seedA}, {@code seedB}). */
    private Id twoFileSnapshotTree(Repository repo, int length, long seedA, long seedB) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("two"));
        Files.write(src.resolve("a.bin"), random(length, seedA));
        Files.write(src.resolve("b.bin"), random(length, seedB));
        return SnapshotFixture.treeOf(repo, SnapshotFixture.backup(repo, src), src);
    }

    @Test
    void aCorruptBlobFailsOnlyItsFileWhichIsReportedAndRemoved() throws IOException {
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = twoFileSnapshotTree(repo, 100_000, 7, 8);
        Node a = new TreeWalker(repo).findNode(tree, b("a.bin")).orElseThrow();
        Id blob = a.content().getFirst();
        IndexEntry entry = repo.index().lookup(BlobType.DATA, blob).orElseThrow();
        FileHandle pack = FileHandle.of(FileType.PACK, entry.packId());
        byte[] packBytes = backend.bytes(pack);
        packBytes[(int) (entry.offset() + entry.length() / 2)] ^= 0x01;
        backend.replace(pack, packBytes);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("a.bin"), "stale content from an earlier restore");
        Recorder rec = new Recorder();

        RestoreResult result = restorer(repo, tree, RestoreSelector.all(), rec).restoreTo(b(out.toString()));

        assertEquals(List.of("/a.bin"), rec.errors);
        assertEquals(1, result.errors());
        RepositoryCorruptException e = assertInstanceOf(RepositoryCorruptException.class, rec.causes.getFirst());
        assertTrue(e.getMessage().contains(blob.toString()) && e.getMessage().contains(entry.packId().toString()),
                "the message names pack and blob: " + e.getMessage());
        assertFalse(Files.exists(out.resolve("a.bin")), "no wrong file is left under the name");
        assertArrayEquals(random(100_000, 8), Files.readAllBytes(out.resolve("b.bin")));
        assertEquals(1, result.files());
    }

    @Test
    void aSymbolicLinkWhereAFileIsRestoredIsNeitherFollowedNorRemoved() throws IOException {
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = twoFileSnapshotTree(repo, 10_000, 3, 4);
        Path victim = Files.writeString(tmp.resolve("victim"), "not the restore's to touch");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(out.resolve("a.bin"), victim);
        Recorder rec = new Recorder();

        RestoreResult result = restorer(repo, tree, RestoreSelector.all(), rec).restoreTo(b(out.toString()));

        assertEquals(List.of("/a.bin"), rec.errors, "the file cannot be restored through the link");
        assertEquals(1, result.errors());
        assertTrue(Files.isSymbolicLink(out.resolve("a.bin")), "the link it did not create is left in place");
        assertEquals("not the restore's to touch", Files.readString(victim));
        assertEquals(List.of(), rec.warnings, "no attempt to remove what is not the restore's");
        assertArrayEquals(random(10_000, 4), Files.readAllBytes(out.resolve("b.bin")));
    }

    @Test
    void verifyFindsContentThatChangedAfterRestore() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("v"));
        Files.write(src.resolve("a.bin"), random(50_000, 1));
        Files.write(src.resolve("b.bin"), random(50_000, 2));
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = SnapshotFixture.treeOf(repo, SnapshotFixture.backup(repo, src), src);
        Path out = tmp.resolve("out");
        Restorer restorer = restorer(repo, tree, RestoreSelector.all(), RestoreListener.NONE);
        restorer.restoreTo(b(out.toString()));
        Recorder rec = new Recorder();
        assertEquals(new RestoreResult(2, 100_000, 0), new Restorer(repo, tree, RestoreSelector.all(), RestoreOptions.DEFAULT, rec).verify(b(out.toString())));

        byte[] changed = Files.readAllBytes(out.resolve("b.bin"));
        changed[40_000] ^= 1;
        Files.write(out.resolve("b.bin"), changed);
        RestoreResult checked = new Restorer(repo, tree, RestoreSelector.all(), RestoreOptions.DEFAULT, rec).verify(b(out.toString()));

        assertEquals(1, checked.files());
        assertEquals(1, checked.errors());
        assertEquals(List.of("/b.bin"), rec.errors);
        assertTrue(rec.causes.getFirst().getMessage().startsWith("unexpected content in /b.bin, starting at offset "),
                rec.causes.getFirst().getMessage());
    }

    @Test
    void extendedAttributesAreRestored() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("x"));
        Files.writeString(src.resolve("f"), "f");
        byte[] f = b(src.resolve("f").toString());
        try {
            Posix.setXattr(f, b("user.jrestic"), b("value"));
        } catch (ErrnoException e) {
            Assumptions.assumeTrue(e.errno() != ErrnoException.EOPNOTSUPP, "no user xattrs on this file system");
            throw e;
        }
        Posix.chmod(f, 0444);
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = SnapshotFixture.treeOf(repo, SnapshotFixture.backup(repo, src), src);
        Path out = tmp.resolve("out");

        RestoreResult result = restorer(repo, tree, RestoreSelector.all(), RestoreListener.NONE).restoreTo(b(out.toString()));

        assertEquals(0, result.errors());
        assertArrayEquals(b("value"), Posix.getXattr(b(out.resolve("f").toString()), b("user.jrestic")));
        assertEquals(0444, Posix.lstat(b(out.resolve("f").toString())).mode() & 07777);
    }

    @Test
    void restoringTwiceOverwritesFilesAndSpecialNodes() throws IOException {
        Repository repo = SnapshotFixture.newRepository(backend);
        Id tree = sampleSnapshotTree(repo);
        byte[] out = b(tmp.resolve("out").toString());
        restorer(repo, tree, RestoreSelector.all(), RestoreListener.NONE).restoreTo(out);
        write(at(out, "hard1"), b("changed"));

        Recorder rec = new Recorder();
        RestoreResult again = restorer(repo, tree, RestoreSelector.all(), rec).restoreTo(out);

        assertEquals(List.of(), rec.errors);
        assertEquals(0, again.errors());
        assertArrayEquals(b("linked content"), read(at(out, "sub/hard2")));
        assertNotEquals(0, Posix.lstat(at(out, "sub/link")).mtime().getNano());
    }
}

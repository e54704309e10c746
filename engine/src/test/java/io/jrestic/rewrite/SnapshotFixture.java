package io.jrestic.rewrite;

import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.compress.CompressionMode;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackWriter;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An in-memory repository with one snapshot of {@code /src}: {@code /src/a} (two data blobs), {@code /src/sub/b}
 * (one blob) and {@code /src/sub/c} (one blob). Each file's data and all trees are flushed separately, so every
 * file has packs of its own ({@link #packOfA}, {@link #packOfB}, {@link #packOfC}) and the trees share
 * {@link #treePack}.
 */
public final class SnapshotFixture {
    public static final byte[] PASSWORD = "repair-test".getBytes(StandardCharsets.UTF_8);
    public static final KdfParams FAST_KDF = new KdfParams(1024, 8, 1);
    public static final int BLOB = 1000;

    public final MemoryBackend backend = new MemoryBackend();
    public final Random random = new Random(3);
    public Id snapshot;
    public Id root;
    public Id srcTree;
    public Id subTree;
    public List<Id> contentA;
    public Id packOfA;
    public Id packOfB;
    public Id packOfC;
    public Id treePack;

    public SnapshotFixture(int version) throws IOException {
        Repository.init(backend, PASSWORD, version, null, FAST_KDF, settings()).close();
    }

    public static Repository.Settings settings() {
        return new Repository.Settings(CompressionMode.AUTO, (int) PackWriter.MIN_TARGET_SIZE);
    }

    public Repository open() throws IOException {
        Repository repo = Repository.open(backend, PASSWORD, null, settings());
        repo.loadIndex();
        return repo;
    }

    /** Writes the snapshot described above; returns this. */
    public SnapshotFixture backup() throws IOException {
        try (Repository repo = open()) {
            List<Id> a = new ArrayList<>();
            packOfA = inOwnPack(repo, () -> {
                try (BlobSaver s = repo.newBlobSaver()) {
                    a.add(s.save(BlobType.DATA, randomBytes(BLOB), 0, BLOB).id());
                    a.add(s.save(BlobType.DATA, randomBytes(BLOB), 0, BLOB).id());
                    s.flush();
                }
            });
            contentA = List.copyOf(a);
            Id[] b = new Id[1];
            packOfB = inOwnPack(repo, () -> b[0] = saveFlushed(repo, randomBytes(BLOB)));
            Id[] c = new Id[1];
            packOfC = inOwnPack(repo, () -> c[0] = saveFlushed(repo, randomBytes(BLOB)));
            treePack = inOwnPack(repo, () -> {
                try (BlobSaver s = repo.newBlobSaver()) {
                    subTree = saveTree(s, Tree.of(file("b", List.of(b[0])), file("c", List.of(c[0]))));
                    srcTree = saveTree(s, Tree.of(file("a", contentA), dir("sub", subTree)));
                    root = saveTree(s, Tree.of(dir("src", srcTree)));
                    s.flush();
                }
            });
            Snapshot sn = Snapshot.builder(OffsetDateTime.parse("2024-05-06T07:08:09.123456789+02:00"), root, List.of("/src"))
                    .hostname("host").username("user").build();
            snapshot = repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(sn));
        }
        return this;
    }

    public byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Id saveFlushed(Repository repo, byte[] data) throws IOException {
        try (BlobSaver s = repo.newBlobSaver()) {
            Id id = s.save(BlobType.DATA, data, 0, data.length).id();
            s.flush();
            return id;
        }
    }

    public static Id saveTree(BlobSaver s, Tree tree) throws IOException {
        byte[] json = TreeCodec.RESTIC_0_14.encode(tree);
        return s.save(BlobType.TREE, json, 0, json.length).id();
    }

    public static Node file(String name, List<Id> content) {
        return Node.builder(name.getBytes(StandardCharsets.UTF_8), NodeType.FILE).mode(0644)
                .size((long) BLOB * content.size()).content(content).build();
    }

    public static Node dir(String name, Id subtree) {
        return Node.builder(name.getBytes(StandardCharsets.UTF_8), NodeType.DIR).mode(0755 | 0x80000000).subtree(subtree).build();
    }

    /** Runs {@code step}, which must add exactly one pack, and returns that pack's ID. */
    private Id inOwnPack(Repository repo, IoStep step) throws IOException {
        List<Id> before = repo.list(FileType.PACK);
        step.run();
        List<Id> after = new ArrayList<>(repo.list(FileType.PACK));
        after.removeAll(before);
        if (after.size() != 1) throw new IllegalStateException("expected one new pack, got " + after);
        return after.getFirst();
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /** Loads and decodes a tree. */
    public static Tree tree(Repository repo, Id id) throws IOException {
        return TreeCodec.decode(repo.loadBlob(BlobType.TREE, id));
    }
}

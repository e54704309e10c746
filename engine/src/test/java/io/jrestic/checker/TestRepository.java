package io.jrestic.checker;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A small v2 repository in memory, written through the engine: a data pack with its own index file, a tree
 * pack with another, and one snapshot. The root tree has a file "a" of blobs alpha and beta and a directory
 * "sub" whose tree has a file "c" of blob gamma.
 */
final class TestRepository {
    static final byte[] PASSWORD = "check".getBytes(StandardCharsets.UTF_8);
    /** Cheap scrypt parameters: the key file is not what these tests are about. */
    static final KdfParams FAST_KDF = new KdfParams(1024, 1, 1);

    final MemoryBackend backend = new MemoryBackend();
    final Repository repo;
    Id alpha;
    Id beta;
    Id gamma;
    Id dataPack;
    Id dataIndex;
    Id treePack;
    Id treeIndex;
    Id rootTree;
    Id subTree;
    Id snapshot;

    TestRepository() throws IOException {
        repo = Repository.init(backend, PASSWORD, Config.VERSION_2, null, FAST_KDF, Repository.Settings.DEFAULT);
    }

    /** The standard layout described above. */
    static TestRepository standard() throws IOException {
        TestRepository t = new TestRepository();
        Set<Id> before = t.packIds();
        try (BlobSaver s = t.repo.newBlobSaver()) {
            t.alpha = t.data(s, "alpha " + "a".repeat(3000));
            t.beta = t.data(s, "beta");
            t.gamma = t.data(s, randomText(5000));
            s.flush();
            t.dataIndex = s.writtenIndexes().getFirst();
        }
        t.dataPack = t.newPack(before);
        before = t.packIds();
        try (BlobSaver s = t.repo.newBlobSaver()) {
            t.subTree = t.tree(s, Node.builder(bytes("c"), NodeType.FILE).content(List.of(t.gamma)).build());
            t.rootTree = t.tree(s,
                    Node.builder(bytes("a"), NodeType.FILE).content(List.of(t.alpha, t.beta)).build(),
                    Node.builder(bytes("sub"), NodeType.DIR).subtree(t.subTree).build());
            s.flush();
            t.treeIndex = s.writtenIndexes().getFirst();
        }
        t.treePack = t.newPack(before);
        t.snapshot = t.snapshot(t.rootTree);
        return t;
    }

    Id data(BlobSaver s, String text) throws IOException {
        byte[] b = bytes(text);
        return s.save(BlobType.DATA, b, 0, b.length).id();
    }

    Id tree(BlobSaver s, Node... nodes) throws IOException {
        byte[] json = TreeCodec.RESTIC_0_14.encode(Tree.sorted(List.of(nodes)));
        return s.save(BlobType.TREE, json, 0, json.length).id();
    }

    /** Saves trees in a session of their own and returns the ID of the last one. */
    Id saveTrees(Tree... trees) throws IOException {
        Id last = null;
        try (BlobSaver s = repo.newBlobSaver()) {
            for (Tree t : trees) {
                byte[] json = TreeCodec.RESTIC_0_14.encode(t);
                last = s.save(BlobType.TREE, json, 0, json.length).id();
            }
            s.flush();
        }
        return last;
    }

    Id snapshot(Id tree) throws IOException {
        Snapshot s = Snapshot.builder(OffsetDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.UTC), tree, List.of("/src"))
                .hostname("host").username("user").build();
        return repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(s));
    }

    Set<Id> packIds() throws IOException {
        return new HashSet<>(repo.list(FileType.PACK));
    }

    private Id newPack(Set<Id> before) throws IOException {
        List<Id> added = new ArrayList<>(packIds());
        added.removeAll(before);
        if (added.size() != 1) throw new IllegalStateException("expected one new pack, got " + added);
        return added.getFirst();
    }

    FileHandle pack(Id id) {
        return FileHandle.of(FileType.PACK, id);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Text that does not compress away, so blobs have some size. */
    static String randomText(int length) {
        Random r = new Random(length);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append((char) ('a' + r.nextInt(26)));
        return sb.toString();
    }
}

package io.jrestic.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.compress.CompressionMode;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.MasterIndex;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.FinishedPack;
import io.jrestic.pack.PackWriter;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A repository in memory with snapshots of known files, and the checks {@code restic check --read-data} and a
 * restore would make: every indexed pack exists with the size the index gives, every blob decodes, and every
 * remaining snapshot's files read back byte for byte.
 */
final class TestRepository {
    static final byte[] PASSWORD = "prune-test".getBytes(StandardCharsets.UTF_8);
    static final KdfParams FAST_KDF = new KdfParams(1024, 8, 1);
    static final int CHUNK = 50_000;

    final MemoryBackend backend = new MemoryBackend();
    final Map<Id, Map<String, byte[]>> expected = new HashMap<>();
    private final Random random = new Random(42);
    private final int version;

    TestRepository(int version) throws IOException {
        this.version = version;
        Repository.init(backend, PASSWORD, version, null, FAST_KDF, settings(CompressionMode.AUTO)).close();
    }

    static Repository.Settings settings(CompressionMode mode) {
        return new Repository.Settings(mode, (int) PackWriter.MIN_TARGET_SIZE);
    }

    Repository open() throws IOException {
        return open(CompressionMode.AUTO);
    }

    Repository open(CompressionMode mode) throws IOException {
        return Repository.open(backend, PASSWORD, null, settings(mode));
    }

    byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** Backs up {@code files} as one snapshot (its own packs and index), the way a backup run does. */
    Id backup(Map<String, byte[]> files) throws IOException {
        return backup(files, CompressionMode.AUTO);
    }

    Id backup(Map<String, byte[]> files, CompressionMode mode) throws IOException {
        try (Repository repo = open(mode)) {
            repo.loadIndex();
            List<Node> nodes = new ArrayList<>();
            try (BlobSaver saver = repo.newBlobSaver()) {
                for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                    byte[] data = f.getValue();
                    List<Id> content = new ArrayList<>();
                    for (int off = 0; off < data.length; off += CHUNK) {
                        content.add(saver.save(BlobType.DATA, data, off, Math.min(CHUNK, data.length - off)).id());
                    }
                    nodes.add(Node.builder(f.getKey().getBytes(StandardCharsets.UTF_8), NodeType.FILE)
                            .mode(0644).size(data.length).content(content).build());
                }
                byte[] tree = TreeCodec.RESTIC_0_14.encode(Tree.sorted(nodes));
                Id root = saver.save(BlobType.TREE, tree, 0, tree.length).id();
                saver.flush();
                Snapshot s = Snapshot.builder(OffsetDateTime.now(), root, List.of("/src")).hostname("test").build();
                Id id = repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(s));
                expected.put(id, Map.copyOf(files));
                return id;
            }
        }
    }

    /** Removes a snapshot file, as {@code forget} does. */
    void forget(Id snapshot) throws IOException {
        backend.remove(FileHandle.of(FileType.SNAPSHOT, snapshot));
        expected.remove(snapshot);
    }

    /** Saves a pack no index mentions, as an interrupted backup leaves behind. */
    Id orphanPack() throws IOException {
        try (Repository repo = open()) {
            PackWriter w = new PackWriter(BlobType.DATA);
            byte[] data = randomBytes(1000);
            w.seal(BlobType.DATA, Id.hash(data), repo.key(), data, 0, data.length, 0);
            FinishedPack pack = w.finish(repo.key());
            backend.save(pack.handle(), pack.content());
            return pack.packId();
        }
    }

    List<Id> list(FileType type) throws IOException {
        try (Repository repo = open()) {
            return repo.list(type);
        }
    }

    /** Plans and executes a prune with a fresh repository handle, as a new process would. */
    PruneResult prune(PruneOptions options, PruneListener listener) throws IOException {
        try (Repository repo = open()) {
            return Pruner.prepare(repo, options, listener).execute();
        }
    }

    PrunePlan plan(PruneOptions options) throws IOException {
        try (Repository repo = open()) {
            return Pruner.prepare(repo, options, PruneListener.NONE).plan();
        }
    }

    /** What {@code restic check --read-data} and restoring every snapshot would verify. */
    void assertHealthy() throws IOException {
        try (Repository repo = open()) {
            MasterIndex index = repo.loadIndex();
            Map<Id, Long> files = new HashMap<>();
            repo.list(FileType.PACK, info -> files.put(info.handle().id(), info.size()));
            for (Id pack : index.packs()) {
                if (index.blobsOfPack(pack).isEmpty()) continue;
                assertTrue(files.containsKey(pack), "indexed pack " + pack + " does not exist");
                assertEquals(index.packSize(pack), files.get(pack), "size of pack " + pack);
            }
            List<IndexEntry> entries = new ArrayList<>();
            index.forEach(entries::add);
            for (IndexEntry e : entries) repo.loadBlob(e); // decrypts, decompresses, compares the hash
            List<IdentifiedSnapshot> snapshots = Snapshots.loadAll(repo);
            assertEquals(expected.keySet(), new java.util.HashSet<>(snapshots.stream().map(IdentifiedSnapshot::id).toList()));
            for (IdentifiedSnapshot s : snapshots) {
                Tree tree = TreeCodec.decode(repo.loadBlob(BlobType.TREE, s.snapshot().tree()));
                Map<String, byte[]> want = expected.get(s.id());
                assertEquals(want.size(), tree.size());
                for (Node n : tree.nodes()) {
                    ByteArrayOutputStream restored = new ByteArrayOutputStream();
                    for (Id blob : n.content()) restored.writeBytes(repo.loadBlob(BlobType.DATA, blob));
                    assertArrayEquals(want.get(n.nameAsString()), restored.toByteArray(), "file " + n.nameAsString());
                }
            }
        }
    }
}

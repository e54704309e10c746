package io.jrestic.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.config.Config;
import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.IdentifiedSnapshot;
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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The four counting modes on a snapshot with a hard link, duplicated content, a shared blob, an empty file, a
 * symlink and a directory, counted once and twice (uniqueness spans snapshots; hard links are per snapshot).
 * The repository is version 1, so stored sizes are plaintext plus the envelope overhead.
 */
class StatsCounterTest {
    static final KdfParams FAST_KDF = new KdfParams(1024, 1, 1);

    Repository repo;
    Id alpha; // 100 bytes
    Id beta;  // 50 bytes
    Id root;
    Id sub;
    IdentifiedSnapshot snapshot;

    @BeforeEach
    void build() throws IOException {
        repo = Repository.init(new MemoryBackend(), "pw".getBytes(StandardCharsets.UTF_8), Config.VERSION_1, null, FAST_KDF,
                Repository.Settings.DEFAULT);
        try (BlobSaver s = repo.newBlobSaver()) {
            alpha = data(s, "a".repeat(100));
            beta = data(s, "b".repeat(50));
            sub = tree(s, file("same-as-a", 7, 100, alpha), file("empty", 8, 0));
            root = tree(s,
                    file("a", 5, 150, alpha, beta),
                    file("hard", 5, 150, alpha, beta),  // a hard link of a: the same inode
                    file("b", 6, 50, beta),
                    Node.builder(bytes("link"), NodeType.SYMLINK).linkTarget(bytes("a")).inode(9).build(),
                    Node.builder(bytes("sub"), NodeType.DIR).subtree(sub).inode(10).build());
            s.flush();
        }
        Snapshot sn = Snapshot.builder(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), root, List.of("/x")).build();
        snapshot = new IdentifiedSnapshot(repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(sn)), sn);
    }

    private Stats count(StatsMode mode, int times) throws IOException {
        StatsCounter c = new StatsCounter(repo, mode);
        for (int i = 0; i < times; i++) c.add(snapshot);
        return c.result();
    }

    @Test
    void restoreSizeCountsEveryNodeAndEachInodesSizeOncePerSnapshot() throws IOException {
        // nodes: a, hard, b, link, sub, same-as-a, empty = 7; sizes: a 150 (hard shares its inode), b 50, same-as-a 100
        assertEquals(new Stats(300, 7, 0, 1), count(StatsMode.RESTORE_SIZE, 1));
        assertEquals(new Stats(600, 14, 0, 2), count(StatsMode.RESTORE_SIZE, 2));
    }

    @Test
    void filesByContentsCountsEachContentOnceAndEverythingWithoutContentAsOne() throws IOException {
        // contents: [alpha,beta] 150, [beta] 50, [alpha] 100, and the empty content (link, dir, empty file) 0
        assertEquals(new Stats(300, 4, 0, 1), count(StatsMode.FILES_BY_CONTENTS, 1));
        assertEquals(new Stats(300, 4, 0, 2), count(StatsMode.FILES_BY_CONTENTS, 2));
    }

    @Test
    void blobsPerFileCountsBlobsOncePerPathOfAFileWithNewContent() throws IOException {
        // /a: alpha, beta; /b: beta; /sub/same-as-a: alpha ("hard" repeats a's content and is not counted)
        assertEquals(new Stats(300, 3, 4, 1), count(StatsMode.BLOBS_PER_FILE, 1));
        assertEquals(new Stats(300, 3, 4, 2), count(StatsMode.BLOBS_PER_FILE, 2));
    }

    @Test
    void rawDataSumsTheStoredSizeOfEveryReferencedBlobOnce() throws IOException {
        long trees = repo.index().lookup(BlobType.TREE, root).orElseThrow().length()
                + repo.index().lookup(BlobType.TREE, sub).orElseThrow().length();
        long data = Envelope.envelopeLength(100) + Envelope.envelopeLength(50);
        assertEquals(new Stats(trees + data, 0, 4, 2), count(StatsMode.RAW_DATA, 2));
    }

    @Test
    void modesHaveResticsNames() {
        assertEquals(StatsMode.BLOBS_PER_FILE, StatsMode.parse("blobs-per-file"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsMode.parse("bogus"));
        assertEquals("unknown counting mode: bogus (use the -h flag to get a list of supported modes)", e.getMessage());
    }

    private static Node file(String name, long inode, long size, Id... blobs) {
        return Node.builder(bytes(name), NodeType.FILE).inode(inode).content(List.of(blobs)).size(size).build();
    }

    private static Id data(BlobSaver s, String text) throws IOException {
        byte[] b = bytes(text);
        return s.save(BlobType.DATA, b, 0, b.length).id();
    }

    private static Id tree(BlobSaver s, Node... nodes) throws IOException {
        byte[] json = TreeCodec.RESTIC_0_14.encode(Tree.sorted(List.of(nodes)));
        return s.save(BlobType.TREE, json, 0, json.length).id();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

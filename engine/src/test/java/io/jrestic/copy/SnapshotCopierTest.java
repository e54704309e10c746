package io.jrestic.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.compress.CompressionMode;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copying between a version 2 source and a version 1 destination with other keys, and "already copied". */
class SnapshotCopierTest {
    static final KdfParams FAST_KDF = new KdfParams(1024, 1, 1);
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    Repository source;
    Repository destination;
    byte[] text = "compressible ".repeat(500).getBytes(StandardCharsets.UTF_8);
    Id blob;
    Id root;
    IdentifiedSnapshot snapshot;

    @BeforeEach
    void build() throws IOException {
        source = Repository.init(new MemoryBackend(), "source".getBytes(StandardCharsets.UTF_8), Config.VERSION_2, null,
                FAST_KDF, new Repository.Settings(CompressionMode.MAX, 4 << 20));
        destination = Repository.init(new MemoryBackend(), "destination".getBytes(StandardCharsets.UTF_8), Config.VERSION_1,
                null, FAST_KDF, Repository.Settings.DEFAULT);
        try (BlobSaver s = source.newBlobSaver()) {
            blob = s.save(BlobType.DATA, text, 0, text.length).id();
            Id sub = tree(s, Node.builder(bytes("f"), NodeType.FILE).content(List.of(blob)).size(text.length).build());
            root = tree(s, Node.builder(bytes("d"), NodeType.DIR).subtree(sub).build(),
                    Node.builder(bytes("g"), NodeType.FILE).content(List.of(blob)).size(text.length).build());
            s.flush();
        }
        Snapshot sn = Snapshot.builder(T0, root, List.of("/src")).hostname("h").tags(List.of("x", "y"))
                .parent(Id.hash(new byte[] {7})).build();
        snapshot = new IdentifiedSnapshot(source.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(sn)), sn);
        source.loadIndex();
        destination.loadIndex();
    }

    @Test
    void copiesEveryNeededBlobOnceReencodedForTheDestination() throws IOException {
        SnapshotCopier copier = new SnapshotCopier(source, destination, List.of());
        SnapshotCopier.Transfer t = copier.plan(snapshot);
        assertEquals(3, t.blobs().size(), "two trees and one data blob, though the blob is used twice");
        assertTrue(source.index().lookup(BlobType.DATA, blob).orElseThrow().isCompressed());
        copier.transfer(t);
        Id copyId = copier.saveSnapshot(snapshot);

        destination.loadIndex();
        assertFalse(destination.index().lookup(BlobType.DATA, blob).orElseThrow().isCompressed(), "version 1 stores plain blobs");
        assertArrayEquals(text, destination.loadBlob(BlobType.DATA, blob));
        Snapshot copy = Snapshots.load(destination, copyId);
        assertEquals(snapshot.id(), copy.original());
        assertNull(copy.parent(), "a parent means nothing in the destination");
        assertEquals(snapshot.snapshot().tags(), copy.tags());

        assertEquals(0, copier.plan(snapshot).blobs().size(), "trees are walked once per session");
        SnapshotCopier next = new SnapshotCopier(source, destination, Snapshots.loadAll(destination));
        assertEquals(copyId, next.existingCopy(snapshot).orElseThrow().id());
        assertEquals(0, next.plan(snapshot).blobs().size(), "the destination has every blob");
    }

    @Test
    void aCopyOfACopyIsRecognisedByTheOriginalId() {
        Snapshot copy = snapshot.snapshot().rewrittenFrom(snapshot.id());
        IdentifiedSnapshot inDestination = new IdentifiedSnapshot(Id.hash(new byte[] {2}), copy);
        IdentifiedSnapshot copiedOnward = new IdentifiedSnapshot(Id.hash(new byte[] {3}), copy);
        SnapshotCopier copier = new SnapshotCopier(source, destination, List.of(inDestination));
        assertEquals(inDestination, copier.existingCopy(snapshot).orElseThrow());
        assertEquals(inDestination, copier.existingCopy(copiedOnward).orElseThrow());
        IdentifiedSnapshot retagged = new IdentifiedSnapshot(snapshot.id(), snapshot.snapshot().withTags(List.of("x")));
        assertTrue(copier.existingCopy(retagged).isEmpty(), "different tags: not the same snapshot");
    }

    @Test
    void similarIgnoresParentOriginalAndOrderOfPathsAndTags() {
        Snapshot a = snapshot.snapshot();
        assertTrue(SnapshotCopier.similar(a, a.toBuilder().parent(null).original(Id.hash(new byte[0])).tags(List.of("y", "x")).build()));
        assertTrue(SnapshotCopier.similar(a, a.toBuilder().build().withTags(List.of("y", "x"))));
        assertTrue(SnapshotCopier.similar(a, Snapshot.builder(T0.withOffsetSameInstant(ZoneOffset.ofHours(3)), root, List.of("/src"))
                .hostname("h").tags(List.of("x", "y")).build()), "times compare as instants");
        assertFalse(SnapshotCopier.similar(a, a.toBuilder().hostname("other").build()));
        assertFalse(SnapshotCopier.similar(a, a.toBuilder().excludes(List.of("*.tmp")).build()));
        // restic checks that the first has every tag (and path) of the second and both have as many: not symmetric
        assertTrue(SnapshotCopier.similar(a, a.withTags(List.of("x", "x"))));
        assertFalse(SnapshotCopier.similar(a.withTags(List.of("x", "x")), a));
    }

    private static Id tree(BlobSaver s, Node... nodes) throws IOException {
        byte[] json = TreeCodec.RESTIC_0_14.encode(Tree.sorted(List.of(nodes)));
        return s.save(BlobType.TREE, json, 0, json.length).id();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.jrestic.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.MemoryBackend;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.tree.ExtendedAttribute;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Markers, their order, and the blob statistics of restic 0.14's diff, on hand-built trees. */
class TreeDiffTest {
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    Repository repo;
    BlobSaver saver;

    @BeforeEach
    void open() throws IOException {
        repo = Repository.init(new MemoryBackend(), "pw".getBytes(StandardCharsets.UTF_8), Config.VERSION_1, null,
                new KdfParams(1024, 1, 1), Repository.Settings.DEFAULT);
        saver = repo.newBlobSaver();
    }

    private Id data(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return saver.save(BlobType.DATA, b, 0, b.length).id();
    }

    private Id tree(Node... nodes) throws IOException {
        byte[] json = TreeCodec.RESTIC_0_14.encode(Tree.sorted(List.of(nodes)));
        return saver.save(BlobType.TREE, json, 0, json.length).id();
    }

    private static Node file(String name, Id... content) {
        return Node.builder(name.getBytes(StandardCharsets.UTF_8), NodeType.FILE).times(T0, T0, T0).content(List.of(content)).build();
    }

    private static Node dir(String name, Id subtree) {
        return Node.builder(name.getBytes(StandardCharsets.UTF_8), NodeType.DIR).times(T0, T0, T0).subtree(subtree).build();
    }

    private List<String> diff(Id a, Id b, boolean metadata, DiffResult[] result) throws IOException {
        saver.flush();
        List<String> lines = new ArrayList<>();
        result[0] = TreeDiff.compare(repo, a, b, metadata, c -> lines.add(c.modifier() + " " + new String(c.path(), StandardCharsets.UTF_8)));
        return lines;
    }

    @Test
    void everyKindOfChangeInNameOrder() throws IOException {
        Id x = data("x");
        Id y = data("y");
        Id z = data("z");
        Id shared = tree(file("s", z));
        Id before = tree(file("changed", x), file("gone", y), file("kind", x), dir("same", shared),
                dir("old", tree(file("inner", y))), file("touched", x));
        Id after = tree(file("changed", y), dir("kind", shared), dir("same", shared), file("new", z),
                file("touched", x).toBuilder().mtime(T0.plusSeconds(1)).build());
        DiffResult[] r = new DiffResult[1];
        assertEquals(List.of("M /changed", "- /gone", "T /kind/", "+ /new", "- /old/", "- /old/inner"), diff(before, after, false, r));
        assertEquals(List.of("M /changed", "- /gone", "TU /kind/", "+ /new", "- /old/", "- /old/inner", "U /touched"),
                diff(before, after, true, r));
        DiffResult d = r[0];
        assertEquals(1, d.changedFiles());
        assertEquals(new DiffStat(1, 0, 0, 0, 1, repo.index().lookup(BlobType.TREE, after).orElseThrow().plaintextLength()), d.added(),
                "added: file new; no new data blob (z and y exist before); the new root tree");
        assertEquals(2, d.removed().files(), "gone and old/inner");
        assertEquals(1, d.removed().dirs());
        assertEquals(2, d.removed().treeBlobs(), "the old root and old/");
        assertEquals(0, d.removed().dataBlobs(), "x and y are still used after");
    }

    @Test
    void identicalSubtreesAreCommonAndNotCounted() throws IOException {
        Id big = data("only here");
        Id shared = tree(file("f", big));
        Id a = tree(dir("d", shared), file("one", data("1")));
        Id b = tree(dir("d", shared), file("one", data("2")));
        DiffResult[] r = new DiffResult[1];
        assertEquals(List.of("M /one"), diff(a, b, false, r));
        assertEquals(1, r[0].added().dataBlobs());
        assertEquals(1, r[0].added().treeBlobs(), "only the root");
        assertEquals(1, r[0].added().bytes() - repo.index().lookup(BlobType.TREE, b).orElseThrow().plaintextLength());
    }

    @Test
    void metadataEqualityIsResticsNodeEquals() {
        Node n = file("f", Id.hash(new byte[0])).toBuilder().mtime(T0).build();
        assertTrue(TreeDiff.sameNode(n, n.toBuilder().mtime(T0.withOffsetSameInstant(ZoneOffset.ofHours(2))).build()),
                "times compare as instants");
        assertTrue(TreeDiff.sameNode(n.toBuilder().extendedAttributes(List.of(attr("a", "1"), attr("b", "2"))).build(),
                n.toBuilder().extendedAttributes(List.of(attr("b", "2"), attr("a", "1"))).build()), "attributes as a set");
        assertFalse(TreeDiff.sameNode(n, n.toBuilder().inode(3).build()));
        assertFalse(TreeDiff.sameNode(n, n.toBuilder().content(List.of()).build()));
    }

    private static ExtendedAttribute attr(String name, String value) {
        return new ExtendedAttribute(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package io.jrestic.find;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.backend.MemoryBackend;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
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

/**
 * restic 0.14's find: pattern semantics on whole paths, time bounds, ID searches, and the memory of subtrees in
 * which nothing matched (which, as in restic, also hides matches of the same subtree at another path).
 */
class FinderTest {
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    Repository repo;
    Id blobA;
    Id blobB;
    Id docs;
    Id root;
    IdentifiedSnapshot snapshot;

    @BeforeEach
    void build() throws IOException {
        repo = Repository.init(new MemoryBackend(), "pw".getBytes(StandardCharsets.UTF_8), Config.VERSION_2, null,
                new KdfParams(1024, 1, 1), Repository.Settings.DEFAULT);
        try (BlobSaver s = repo.newBlobSaver()) {
            blobA = data(s, "a");
            blobB = data(s, "b");
            docs = tree(s, file("Report.TXT", T0, blobA), file("notes", T0.plusDays(2), blobB));
            root = tree(s, dir("docs", docs), dir("copy", docs), file("top", T0.minusDays(2), blobA, blobB));
            s.flush();
        }
        snapshot = new IdentifiedSnapshot(Id.hash(new byte[] {1}), Snapshot.builder(T0, root, List.of("/")).build());
    }

    private List<String> names(Finder f, IdentifiedSnapshot s, NamePattern p) throws IOException {
        List<String> out = new ArrayList<>();
        f.findNames(s, p, (sn, path, node) -> out.add(new String(path, StandardCharsets.UTF_8)));
        return out;
    }

    private List<String> names(List<String> patterns, boolean ignoreCase, OffsetDateTime oldest, OffsetDateTime newest) throws IOException {
        return names(new Finder(repo), snapshot, new NamePattern(patterns, ignoreCase, oldest, newest));
    }

    @Test
    void patternsMatchWholePathsAndEverythingBelowAMatchedDirectory() throws IOException {
        assertEquals(List.of("/copy/notes", "/docs/notes"), names(List.of("notes"), false, null, null));
        assertEquals(List.of("/copy", "/copy/Report.TXT", "/copy/notes"), names(List.of("/copy"), false, null, null));
        assertEquals(List.of("/copy/Report.TXT", "/docs/Report.TXT", "/top"), names(List.of("*.TXT", "top"), false, null, null));
        assertEquals(List.of(), names(List.of("report.txt"), false, null, null));
        assertEquals(List.of("/copy/Report.TXT", "/docs/Report.TXT"), names(List.of("REPORT.txt"), true, null, null));
    }

    @Test
    void modificationTimeBoundsAreInclusive() throws IOException {
        assertEquals(List.of("/copy/Report.TXT", "/docs/Report.TXT"), names(List.of("*"), false, T0.minusDays(1), T0.plusDays(1))
                .stream().filter(p -> !p.equals("/copy") && !p.equals("/docs")).toList());
        assertEquals(List.of("/top"), names(List.of("top"), false, T0.minusDays(2), T0.minusDays(2)));
    }

    @Test
    void aSubtreeWithoutMatchesIsSkippedLaterEvenAtAnotherPath() throws IOException {
        // "/docs/*" cannot match below /copy, so the shared subtree is remembered as empty of matches there
        // and then skipped at /docs, as restic's walker does
        assertEquals(List.of(), names(List.of("/docs/*"), false, null, null));
        assertEquals(List.of(), names(List.of("/docs"), false, null, null));
        Finder f = new Finder(repo);
        assertEquals(List.of(), names(f, snapshot, new NamePattern(List.of("nothing"), false, null, null)));
        assertEquals(List.of(), names(f, snapshot, new NamePattern(List.of("notes"), false, null, null)),
                "the same finder skips every subtree it found nothing in");
    }

    @Test
    void idSearchesFindBlobsInFilesAndTreesAsSubtrees() throws IOException {
        List<String> found = new ArrayList<>();
        Finder.IdMatches out = (kind, id, path, parent, s) -> found.add(kind + " " + id.toShortString() + " "
                + new String(path, StandardCharsets.UTF_8) + (parent == null ? "" : " in " + parent.toShortString()));
        new Finder(repo).findIds(snapshot, IdQuery.blobs(List.of(blobB.toShortString(), blobA.toString().substring(0, 6))), out);
        assertEquals(List.of("blob " + blobB.toShortString() + " /copy/notes in " + docs.toShortString(),
                "blob " + blobB.toShortString() + " /docs/notes in " + docs.toShortString(),
                "blob " + blobB.toShortString() + " /top in " + root.toShortString()), found);

        found.clear();
        IdQuery trees = IdQuery.trees(List.of(docs.toString()));
        Finder f = new Finder(repo);
        f.findIds(snapshot, trees, out);
        f.findIds(snapshot, trees, out);
        // a snapshot's walk ends once as many trees were found as asked for
        assertEquals(List.of("tree " + docs.toShortString() + " /copy", "tree " + docs.toShortString() + " /copy"), found);
    }

    @Test
    void packQueriesListThePacksBlobs() throws IOException {
        Id pack = repo.index().lookup(BlobType.DATA, blobA).orElseThrow().packId();
        IdQuery q = IdQuery.pack(repo, pack.toShortString());
        assertEquals(java.util.Set.of(blobA.toString(), blobB.toString()), java.util.Set.copyOf(q.blobIds()));
    }

    private static Id data(BlobSaver s, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return s.save(BlobType.DATA, b, 0, b.length).id();
    }

    private static Id tree(BlobSaver s, Node... nodes) throws IOException {
        byte[] json = TreeCodec.RESTIC_0_14.encode(Tree.sorted(List.of(nodes)));
        return s.save(BlobType.TREE, json, 0, json.length).id();
    }

    private static Node file(String name, OffsetDateTime mtime, Id... content) {
        return Node.builder(name.getBytes(StandardCharsets.UTF_8), NodeType.FILE).times(mtime, mtime, mtime).content(List.of(content)).build();
    }

    private static Node dir(String name, Id subtree) {
        return Node.builder(name.getBytes(StandardCharsets.UTF_8), NodeType.DIR).times(T0, T0, T0).subtree(subtree).build();
    }
}

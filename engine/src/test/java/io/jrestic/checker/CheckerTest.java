package io.jrestic.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import io.jrestic.index.IndexFile;
import io.jrestic.index.IndexPack;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackHeader;
import io.jrestic.repository.BlobSaver;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckerTest {

    /** Everything a check reported, in order. */
    static final class Report implements CheckListener {
        final List<Finding> findings = new ArrayList<>();
        final List<Id> packsRead = new ArrayList<>();
        Checker.Summary summary;

        @Override
        public void finding(Finding f) {
            findings.add(f);
        }

        @Override
        public void packRead(Id packId) {
            packsRead.add(packId);
        }

        List<Finding> errors() {
            return findings.stream().filter(Finding::isError).toList();
        }

        List<Finding> hints() {
            return findings.stream().filter(f -> !f.isError()).toList();
        }

        boolean has(Severity severity, Finding.Kind kind, String text) {
            return findings.stream().anyMatch(f -> f.severity() == severity && f.kind() == kind && f.message().contains(text));
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            findings.forEach(f -> sb.append('\n').append(f.severity()).append(' ').append(f.kind()).append(' ').append(f.message()));
            return sb.toString();
        }
    }

    static Report check(TestRepository t, PackSubset readData) throws IOException {
        return check(t, readData, false);
    }

    static Report check(TestRepository t, PackSubset readData, boolean unused) throws IOException {
        Report r = new Report();
        Checker checker = new Checker(t.repo, new Checker.Options(unused, 2));
        r.summary = checker.run(readData, new Random(1), r);
        return r;
    }

    @Test
    void aRepositoryWrittenByTheEngineHasNoFindingsEvenWhenEveryByteIsRead() throws IOException {
        TestRepository t = TestRepository.standard();
        Report r = check(t, PackSubset.ALL);
        assertEquals(List.of(), r.findings, r.toString());
        assertEquals(new Checker.Summary(0, 0), r.summary);
        assertEquals(2, r.packsRead.size());
    }

    @Test
    void aMissingPackIsReportedAsNotExisting() throws IOException {
        TestRepository t = TestRepository.standard();
        t.backend.remove(t.pack(t.dataPack));
        Report r = check(t, null);
        assertEquals(1, r.errors().size(), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.PACK, "pack " + t.dataPack + ": does not exist"), r.toString());
    }

    @Test
    void aFlippedByteInAPackPassesTheStructureCheckButNotReadData() throws IOException {
        TestRepository t = TestRepository.standard();
        PackBlob alpha = blob(t, t.dataPack, t.alpha);
        flip(t, t.dataPack, alpha.offset() + Envelope.IV_LENGTH + 3);

        assertEquals(List.of(), check(t, null).findings);
        Report r = check(t, PackSubset.ALL);
        assertTrue(r.has(Severity.ERROR, Finding.Kind.PACK_DATA, "Pack ID does not match, want " + t.dataPack), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.PACK_DATA, "MAC mismatch for data blob " + t.alpha), r.toString());
        assertEquals(2, r.errors().size(), r.toString());
    }

    @Test
    void aDamagedBlobInAPackWhoseNameMatchesItsBytesIsFoundByItsMac() throws IOException {
        TestRepository t = TestRepository.standard();
        PackBlob beta = blob(t, t.dataPack, t.beta);
        byte[] bytes = t.backend.bytes(t.pack(t.dataPack));
        bytes[(int) beta.offset() + Envelope.IV_LENGTH] ^= 1;
        Id renamed = Id.hash(bytes);
        t.backend.replace(t.pack(renamed), bytes);
        t.backend.remove(t.pack(t.dataPack));
        rewriteIndex(t, t.dataIndex, p -> new IndexPack(renamed, p.blobs()));

        Report r = check(t, PackSubset.ALL);
        assertEquals(1, r.findings.size(), r.toString());
        assertEquals("pack " + renamed + ": MAC mismatch for data blob " + t.beta + " at offset " + beta.offset()
                + " (ciphertext verification failed)", r.findings.getFirst().message());
    }

    @Test
    void aTruncatedPackHasAnUnexpectedSizeAndAnUnreadableHeader() throws IOException {
        TestRepository t = TestRepository.standard();
        byte[] bytes = t.backend.bytes(t.pack(t.dataPack));
        t.backend.replace(t.pack(t.dataPack), Arrays.copyOf(bytes, bytes.length - 10));

        Report structure = check(t, null);
        assertEquals(1, structure.errors().size(), structure.toString());
        assertTrue(structure.has(Severity.ERROR, Finding.Kind.PACK, "pack " + t.dataPack + ": unexpected file size: got "
                + (bytes.length - 10) + ", expected " + bytes.length), structure.toString());

        Report read = check(t, PackSubset.ALL);
        assertTrue(read.has(Severity.ERROR, Finding.Kind.PACK_DATA, "Pack ID does not match"), read.toString());
        assertTrue(read.has(Severity.ERROR, Finding.Kind.PACK_DATA, "file size is " + (bytes.length - 10)), read.toString());
    }

    @Test
    void aPackWhoseIndexFileIsGoneIsUnreferencedAndItsBlobsAreMissing() throws IOException {
        TestRepository t = TestRepository.standard();
        t.backend.remove(FileHandle.of(FileType.INDEX, t.dataIndex));
        Report r = check(t, null);
        assertEquals(List.of(Finding.hint(Finding.Kind.UNREFERENCED_PACK, t.dataPack,
                "pack " + t.dataPack + ": not referenced in any index")), r.hints());
        assertEquals(3, r.errors().size(), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.TREE, "tree " + t.rootTree.toShortString() + ": file \"a\" blob "
                + t.alpha + " not found in index"), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.TREE, "file \"a\" blob " + t.beta + " not found in index"), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.TREE, "tree " + t.subTree.toShortString() + ": file \"c\" blob "
                + t.gamma + " not found in index"), r.toString());
    }

    @Test
    void aMissingTreePackMakesTheSnapshotsRootTreeUnloadable() throws IOException {
        TestRepository t = TestRepository.standard();
        t.backend.remove(t.pack(t.treePack));
        Report r = check(t, null);
        assertTrue(r.has(Severity.ERROR, Finding.Kind.PACK, "pack " + t.treePack + ": does not exist"), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.TREE, "tree " + t.rootTree.toShortString() + ": pack " + t.treePack
                + " holding it does not exist"), r.toString());
        assertEquals(2, r.errors().size(), r.toString());
    }

    @Test
    void aPackInTwoIndexFilesWithTheSameEntriesIsOnlyAHint() throws IOException {
        TestRepository t = TestRepository.standard();
        Id copy = t.repo.saveUnpacked(FileType.INDEX, t.repo.loadUnpacked(FileType.INDEX, t.dataIndex));
        Report r = check(t, PackSubset.ALL);
        assertEquals(List.of(), r.errors(), r.toString());
        String names = List.of(t.dataIndex.toShortString(), copy.toShortString()).stream().sorted().toList().toString()
                .replace("[", "{").replace("]", "}").replace(",", "");
        assertEquals(List.of(Finding.hint(Finding.Kind.DUPLICATE_PACK, t.dataPack,
                "pack " + t.dataPack + " contained in several indexes: " + names)), r.hints());
    }

    @Test
    void aPackDescribedDifferentlyByTwoIndexFilesIsAnError() throws IOException {
        TestRepository t = TestRepository.standard();
        IndexFile original = IndexFile.parse(t.repo.loadUnpacked(FileType.INDEX, t.dataIndex));
        IndexPack p = original.packs().getFirst();
        List<PackBlob> fewer = p.blobs().stream().filter(b -> !b.id().equals(t.beta)).toList();
        t.repo.saveUnpacked(FileType.INDEX, IndexFile.of(List.of(new IndexPack(p.packId(), fewer))).toJson());
        Report r = check(t, null);
        assertTrue(r.has(Severity.ERROR, Finding.Kind.INDEX, "pack " + t.dataPack + " is described differently by several indexes"),
                r.toString());
    }

    @Test
    void anIndexFileThatCannotBeLoadedStopsTheCheckAfterTheIndexPhase() throws IOException {
        TestRepository t = TestRepository.standard();
        byte[] sealed = t.repo.key().seal(TestRepository.bytes("{\"packs\":[{\"id\":\"nope\"}]}"));
        Id bad = Id.hash(sealed);
        t.backend.replace(FileHandle.of(FileType.INDEX, bad), sealed);
        Report r = new Report();
        Checker checker = new Checker(t.repo, new Checker.Options(false, 2));
        checker.listSnapshots();
        assertFalse(checker.loadIndex(r));
        assertEquals(1, r.findings.size(), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.INDEX, "error loading index " + bad.toShortString()), r.toString());
    }

    @Test
    void aDamagedSnapshotFileIsAnError() throws IOException {
        TestRepository t = TestRepository.standard();
        FileHandle h = FileHandle.of(FileType.SNAPSHOT, t.snapshot);
        byte[] bytes = t.backend.bytes(h);
        bytes[40] ^= 0x55;
        t.backend.replace(h, bytes);
        Report r = check(t, null);
        assertEquals(1, r.errors().size(), r.toString());
        assertTrue(r.has(Severity.ERROR, Finding.Kind.SNAPSHOT, "snapshot " + t.snapshot.toShortString() + ": "), r.toString());
    }

    @Test
    void invalidNodesAreErrorsNamingTheTreeAndTheNode() throws IOException {
        TestRepository t = TestRepository.standard();
        Tree bad = Tree.sorted(List.of(
                Node.builder(TestRepository.bytes("nil"), NodeType.FILE).content(null).build(),
                Node.builder(TestRepository.bytes("zero"), NodeType.FILE).content(List.of(t.alpha, Id.ZERO)).build(),
                Node.builder(TestRepository.bytes("nosub"), NodeType.DIR).build(),
                Node.builder(TestRepository.bytes("zerosub"), NodeType.DIR).subtree(Id.ZERO).build(),
                Node.builder(TestRepository.bytes("odd"), NodeType.IRREGULAR).build(),
                Node.builder(new byte[0], NodeType.SYMLINK).build(),
                Node.builder(TestRepository.bytes("fine"), NodeType.FIFO).build()));
        Id badTree = t.saveTrees(bad);
        t.snapshot(badTree);
        Report r = check(t, PackSubset.ALL);
        String prefix = "tree " + badTree.toShortString() + ": ";
        assertEquals(List.of(
                prefix + "node with empty name",
                prefix + "file \"nil\" has nil blob list",
                prefix + "dir node \"nosub\" has no subtree",
                prefix + "node \"odd\" with invalid type \"irregular\"",
                prefix + "file \"zero\" blob 1 has null ID",
                prefix + "dir node \"zerosub\" subtree id is null"),
                r.findings.stream().map(Finding::message).toList());
        assertTrue(r.findings.stream().allMatch(f -> f.kind() == Finding.Kind.TREE && badTree.equals(f.subject())));
    }

    @Test
    void everyTreeOfADeepWideStructureIsCheckedOnceAndADamagedLeafIsFound() throws IOException {
        TestRepository t = TestRepository.standard();
        Id missing = Id.hash(TestRepository.bytes("never saved"));
        // Depth 4, three directories per directory (1 + 3 + 9 + 27 new trees); leaf 13 refers to a missing blob.
        List<Id> level = new ArrayList<>();
        for (int leaf = 0; leaf < 27; leaf++) {
            Id blob = leaf == 13 ? missing : t.alpha;
            level.add(t.saveTrees(Tree.sorted(List.of(Node.builder(TestRepository.bytes("file" + leaf), NodeType.FILE)
                    .content(List.of(blob)).build()))));
        }
        Id damagedLeaf = level.get(13);
        while (level.size() > 1) {
            List<Id> parents = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 3) {
                List<Node> dirs = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    dirs.add(Node.builder(TestRepository.bytes("d" + (i + j)), NodeType.DIR).subtree(level.get(i + j)).build());
                }
                parents.add(t.saveTrees(Tree.sorted(dirs)));
            }
            level = parents;
        }
        Id root = level.getFirst();
        t.snapshot(root);
        Checker checker = new Checker(t.repo, new Checker.Options(false, 2));
        Report r = new Report();
        checker.listSnapshots();
        assertTrue(checker.loadIndex(r));
        int before = t.backend.readRequests();

        checker.checkStructure(r);

        assertEquals(List.of("tree " + damagedLeaf.toShortString() + ": file \"file13\" blob " + missing + " not found in index"),
                r.findings.stream().map(Finding::message).toList());
        int trees = 40 + 2; // the new structure, and the standard snapshot's root and subtree
        assertEquals(2 + trees, t.backend.readRequests() - before, "two snapshot files, then each tree once");
    }

    @Test
    void unusedBlobsAreErrorsOnlyWhenAskedFor() throws IOException {
        TestRepository t = TestRepository.standard();
        Id unused;
        try (BlobSaver s = t.repo.newBlobSaver()) {
            unused = t.data(s, "nobody refers to this");
            s.flush();
        }
        assertEquals(List.of(), check(t, null).findings);
        Report r = check(t, null, true);
        assertEquals(List.of(Finding.error(Finding.Kind.UNUSED_BLOB, unused, "unused data blob " + unused)), r.findings);
    }

    @Test
    void aPackWithDataAndTreeBlobsIsAHintAndOtherwiseValid() throws IOException {
        TestRepository t = TestRepository.standard();
        byte[] treeJson = TreeCodec.RESTIC_0_14.encode(Tree.of(
                Node.builder(TestRepository.bytes("m"), NodeType.FILE).content(List.of(Id.hash(TestRepository.bytes("mixed")))).build()));
        Id mixedPack = saveHandMadePack(t, List.of(
                new Plain(BlobType.DATA, TestRepository.bytes("mixed")), new Plain(BlobType.TREE, treeJson)), 0);
        t.snapshot(Id.hash(treeJson));
        Report r = check(t, PackSubset.ALL);
        assertEquals(List.of(), r.errors(), r.toString());
        assertEquals(List.of(Finding.hint(Finding.Kind.MIXED_PACK, mixedPack,
                "pack " + mixedPack + " contains a mix of tree and data blobs")), r.hints());
    }

    @Test
    void aHeaderEntryMissingFromTheIndexIsFoundByReadData() throws IOException {
        TestRepository t = TestRepository.standard();
        PackBlob gamma = blob(t, t.dataPack, t.gamma);
        rewriteIndex(t, t.dataIndex, p -> new IndexPack(p.packId(), p.blobs().stream().filter(b -> !b.id().equals(t.gamma)).toList()));
        Report structure = check(t, null);
        assertTrue(structure.has(Severity.ERROR, Finding.Kind.PACK, "pack " + t.dataPack + ": unexpected file size"), structure.toString());

        Report read = check(t, PackSubset.ALL);
        assertTrue(read.has(Severity.ERROR, Finding.Kind.PACK_DATA, "pack " + t.dataPack + ": header entry for data blob "
                + t.gamma + " (offset " + gamma.offset() + ", length " + gamma.length()), read.toString());
    }

    @Test
    void aGapBetweenIndexedBlobsIsFoundByReadData() throws IOException {
        TestRepository t = TestRepository.standard();
        PackBlob alpha = blob(t, t.dataPack, t.alpha);
        PackBlob beta = blob(t, t.dataPack, t.beta);
        PackBlob first = alpha.offset() < beta.offset() ? alpha : beta;
        PackBlob second = first == alpha ? beta : alpha;
        assertEquals(0, first.offset());
        rewriteIndex(t, t.dataIndex, p -> new IndexPack(p.packId(), p.blobs().stream().filter(b -> !b.equals(first)).toList()));
        Report read = check(t, PackSubset.ALL);
        assertTrue(read.has(Severity.ERROR, Finding.Kind.PACK_DATA, "pack " + t.dataPack + ": " + first.length()
                + " bytes at offset 0 belong to no indexed blob (gap before data blob " + second.id()), read.toString());
    }

    @Test
    void readDataOpensEachSelectedPackOnceAndOnlyThose() throws IOException {
        TestRepository t = TestRepository.standard();
        Checker checker = new Checker(t.repo, new Checker.Options(false, 2));
        Report r = new Report();
        checker.listSnapshots();
        assertTrue(checker.loadIndex(r));
        checker.checkPacks(r);
        checker.checkStructure(r);
        int before = t.backend.readRequests();
        PackSubset onlyData = new PackSubset.Group((t.dataPack.toBytes()[0] & 0xff) % 2 + 1, 2);
        var selected = onlyData.select(checker.packs(), new Random(1));
        checker.readPacks(selected, r);
        assertEquals(selected.size(), t.backend.readRequests() - before);
        assertEquals(List.copyOf(selected.keySet()), r.packsRead.stream().sorted().toList());
        assertTrue(selected.containsKey(t.dataPack));
        assertEquals(List.of(), r.findings);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    record Plain(BlobType type, byte[] bytes) {
    }

    /**
     * Builds a pack by hand (uncompressed blobs, then the header), stores it and an index file for it, with
     * {@code gap} junk bytes before the first blob.
     */
    static Id saveHandMadePack(TestRepository t, List<Plain> blobs, int gap) throws IOException {
        CryptoKey key = t.repo.key();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[gap]);
        List<PackBlob> entries = new ArrayList<>();
        for (Plain p : blobs) {
            byte[] envelope = key.seal(p.bytes());
            entries.add(new PackBlob(p.type(), Id.hash(p.bytes()), out.size(), envelope.length, 0));
            out.write(envelope);
        }
        byte[] header = key.seal(PackHeader.encode(entries));
        out.write(header);
        out.write(new byte[] {(byte) header.length, (byte) (header.length >>> 8), 0, 0});
        byte[] pack = out.toByteArray();
        Id id = Id.hash(pack);
        t.backend.replace(t.pack(id), pack);
        t.repo.saveUnpacked(FileType.INDEX, IndexFile.of(List.of(new IndexPack(id, entries))).toJson());
        return id;
    }

    static PackBlob blob(TestRepository t, Id pack, Id blob) throws IOException {
        IndexFile index = IndexFile.parse(t.repo.loadUnpacked(FileType.INDEX, pack.equals(t.dataPack) ? t.dataIndex : t.treeIndex));
        return index.packs().stream().filter(p -> p.packId().equals(pack)).flatMap(p -> p.blobs().stream())
                .filter(b -> b.id().equals(blob)).findFirst().orElseThrow();
    }

    static void flip(TestRepository t, Id pack, long at) throws IOException {
        byte[] bytes = t.backend.bytes(t.pack(pack));
        bytes[(int) at] ^= 0x01;
        t.backend.replace(t.pack(pack), bytes);
    }

    /** Replaces an index file by one whose packs went through {@code change}. */
    static void rewriteIndex(TestRepository t, Id indexId, java.util.function.UnaryOperator<IndexPack> change) throws IOException {
        IndexFile original = IndexFile.parse(t.repo.loadUnpacked(FileType.INDEX, indexId));
        List<IndexPack> packs = original.packs().stream().map(change).toList();
        t.repo.saveUnpacked(FileType.INDEX, IndexFile.of(packs).toJson());
        t.backend.remove(FileHandle.of(FileType.INDEX, indexId));
    }

}

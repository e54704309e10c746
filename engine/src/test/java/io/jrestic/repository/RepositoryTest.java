package io.jrestic.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.chunker.Polynomial;
import io.jrestic.compress.UnpackedEncoding;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.IndexFile;
import io.jrestic.index.IndexPack;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Repository: init and open (§4.4, §5), unpacked files (§6), blob loading through the index (§8, §9). */
class RepositoryTest {
    static final KdfParams FAST_KDF = new KdfParams(1024, 8, 1);
    static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);
    static final byte[] WRONG = "battery staple".getBytes(StandardCharsets.UTF_8);
    /** restic's test polynomial (irreducible, degree 53). */
    static final Polynomial POLYNOMIAL = Polynomial.of(0x3DA3358B4DC173L);

    static Repository init(MemoryBackend backend, int version) throws Exception {
        return Repository.init(backend, PASSWORD, version, POLYNOMIAL, FAST_KDF, Repository.Settings.DEFAULT);
    }

    static Repository open(MemoryBackend backend, byte[] password) throws Exception {
        return Repository.open(backend, password, null, Repository.Settings.DEFAULT);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- init and open --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void initWritesOneKeyAndAConfigThatOpenRecovers(int version) throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository created = init(backend, version);
        assertEquals(1, created.list(FileType.KEY).size());
        assertTrue(backend.exists());

        Repository opened = open(backend, PASSWORD);
        assertEquals(version, opened.version());
        assertEquals(created.config(), opened.config());
        assertEquals(POLYNOMIAL, opened.polynomial());
        assertEquals(created.keyId(), opened.keyId());
        byte[] sealed = created.key().seal(json("same master key"));
        assertArrayEquals(json("same master key"), opened.key().open(sealed));
    }

    @Test
    void theConfigIsEncryptedWithTheMasterKeyAndNeverCompressed() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        byte[] plain = repo.key().open(backend.bytes(FileHandle.CONFIG));
        assertEquals('{', plain[0]);
        assertEquals(repo.config(), Config.parse(plain));
    }

    @Test
    void aWrongPasswordIsReportedAsSuch() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        init(backend, 2);
        assertThrows(WrongPasswordException.class, () -> open(backend, WRONG));
    }

    @Test
    void openingWhereThereIsNoConfigSaysTheRepositoryDoesNotExist() {
        assertThrows(RepositoryNotFoundException.class, () -> open(new MemoryBackend(), PASSWORD));
    }

    @Test
    void everyKeyFileOpensTheSameRepositoryAndTheHintPicksWhichIsUsed() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id second = repo.addKey(WRONG, FAST_KDF);

        assertEquals(second, open(backend, WRONG).keyId());
        assertEquals(repo.keyId(), open(backend, PASSWORD).keyId());
        Repository hinted = Repository.open(backend, WRONG, second.toString().substring(0, 8), Repository.Settings.DEFAULT);
        assertEquals(second, hinted.keyId());
        // A hint naming a key the password does not open only changes the order; the search goes on.
        Repository misHinted = Repository.open(backend, PASSWORD, second.toString().substring(0, 8),
                Repository.Settings.DEFAULT);
        assertEquals(repo.keyId(), misHinted.keyId());
        // A hint that names no key is ignored.
        assertEquals(repo.keyId(), Repository.open(backend, PASSWORD, "zz", Repository.Settings.DEFAULT).keyId());
    }

    /** Leaves exactly one key for {@link #PASSWORD}, one whose ID starts with 8…b, so others sort on both sides. */
    private static Id rightKeyInTheMiddle(MemoryBackend backend, Repository repo) throws Exception {
        Id right = repo.keyId();
        for (int i = 0; i < 500 && !inMiddle(right); i++) right = repo.addKey(PASSWORD, FAST_KDF);
        assertTrue(inMiddle(right), "no key ID in 8…b in 500 tries");
        for (Id k : repo.list(FileType.KEY)) {
            if (!k.equals(right)) backend.remove(FileHandle.of(FileType.KEY, k));
        }
        return right;
    }

    private static boolean inMiddle(Id id) {
        char c = id.toString().charAt(0);
        return c >= '8' && c <= 'b';
    }

    /** Adds keys for {@link #WRONG} until {@code count} of them sort before (or after) {@code right}. */
    private static List<Id> wrongKeys(MemoryBackend backend, Repository repo, Id right, int count, boolean before)
            throws Exception {
        List<Id> wrong = new ArrayList<>();
        while (wrong.size() < count) {
            Id k = repo.addKey(WRONG, FAST_KDF);
            if (k.compareTo(right) < 0 == before) wrong.add(k);
            else backend.remove(FileHandle.of(FileType.KEY, k));
        }
        return wrong;
    }

    /**
     * restic tries at most 20 key files (§4.4). Keys are tried in ID order, so a repository whose right key sorts
     * after 20 others cannot be opened without a hint; with one key less, or with the hint, it can.
     */
    @Test
    void onlyTheFirstTwentyKeysAreTriedUnlessTheHintNamesTheRightOne() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id right = rightKeyInTheMiddle(backend, repo);
        List<Id> wrong = wrongKeys(backend, repo, right, 20, true);
        assertEquals(21, repo.list(FileType.KEY).size());

        WrongPasswordException e = assertThrows(WrongPasswordException.class, () -> open(backend, PASSWORD));
        assertTrue(e.getMessage().contains("maximum number of keys"), e.getMessage());
        String hint = right.toString().substring(0, 10);
        assertEquals(right, Repository.open(backend, PASSWORD, hint, Repository.Settings.DEFAULT).keyId());

        backend.remove(FileHandle.of(FileType.KEY, wrong.getFirst()));
        assertEquals(right, open(backend, PASSWORD).keyId(), "the 20th key is still tried");
    }

    /**
     * restic tries the hinted key on its own and then the first 20 of the list: a hint to a wrong key that sorts
     * late does not push the right key out of those 20.
     */
    @Test
    void aFailedHintDoesNotUseUpOneOfTheTwentyTries() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id right = rightKeyInTheMiddle(backend, repo);
        wrongKeys(backend, repo, right, 19, true);
        Id late = wrongKeys(backend, repo, right, 1, false).getFirst();
        assertEquals(21, repo.list(FileType.KEY).size());
        assertEquals(right, Repository.open(backend, PASSWORD, late.toString(), Repository.Settings.DEFAULT).keyId());
    }

    @Test
    void aDamagedKeyFileAbortsTheSearchInsteadOfBeingSkipped() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id broken = repo.addKey(WRONG, FAST_KDF);
        backend.replace(FileHandle.of(FileType.KEY, broken), json("{\"kdf\":\"argon2\"}"));
        // Whatever the order, either the right key opens first or the broken one aborts: never a silent skip
        // that reports a wrong password.
        try {
            assertEquals(repo.keyId(), open(backend, PASSWORD).keyId());
            assertTrue(repo.keyId().compareTo(broken) < 0, "the broken key sorts first and was skipped");
        } catch (RepositoryCorruptException e) {
            assertTrue(broken.compareTo(repo.keyId()) < 0);
            assertTrue(e.getMessage().contains(broken.toShortString()), e.getMessage());
        }
    }

    @Test
    void initRefusesALocationWithAConfig() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        init(backend, 2);
        RepositoryException e = assertThrows(RepositoryException.class, () -> init(backend, 2));
        assertTrue(e.getMessage().contains("config"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"KEY", "SNAPSHOT"})
    void initRefusesALocationThatHasKeysOrSnapshotsButNoConfig(FileType type) throws Exception {
        MemoryBackend backend = new MemoryBackend();
        byte[] leftover = json("leftover");
        backend.save(FileHandle.of(type, Id.hash(leftover)), ByteSource.of(leftover));
        assertThrows(RepositoryException.class, () -> init(backend, 2));
        assertFalse(backend.exists(), "nothing was written");
        assertEquals(1, backend.fileCount());
    }

    @Test
    void initRefusesAnUnknownVersionAndAnInvalidPolynomialBeforeWritingAnything() {
        MemoryBackend backend = new MemoryBackend();
        assertThrows(RepositoryException.class, () -> Repository.init(backend, PASSWORD, 3, POLYNOMIAL, FAST_KDF,
                Repository.Settings.DEFAULT));
        Polynomial reducible = Polynomial.of(1L << 53 | 1L << 1); // divisible by x
        assertThrows(RepositoryException.class, () -> Repository.init(backend, PASSWORD, 2, reducible, FAST_KDF,
                Repository.Settings.DEFAULT));
        assertEquals(0, backend.fileCount());
    }

    @Test
    void aConfigWithAReduciblePolynomialIsCorrupt() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Config bad = new Config(2, repo.config().id(), 1L << 53 | 1L << 1);
        backend.replace(FileHandle.CONFIG, repo.key().seal(bad.toJson()));
        RepositoryCorruptException e = assertThrows(RepositoryCorruptException.class, () -> open(backend, PASSWORD));
        assertTrue(e.getMessage().contains("polynomial"), e.getMessage());
    }

    @Test
    void aConfigThatDoesNotDecryptIsReportedAsDamaged() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        init(backend, 2);
        byte[] config = backend.bytes(FileHandle.CONFIG);
        config[config.length - 1] ^= 1;
        backend.replace(FileHandle.CONFIG, config);
        RepositoryCorruptException e = assertThrows(RepositoryCorruptException.class, () -> open(backend, PASSWORD));
        assertTrue(e.getMessage().contains("config or key is damaged"), e.getMessage());
    }

    // ---- unpacked files -------------------------------------------------------------------------------------

    @Test
    void unpackedFilesInVersion2AreZstdCompressedAndNamedByTheHashOfTheCiphertext() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        byte[] doc = json("{\"time\":\"2024-01-02T10:00:00Z\",\"paths\":[\"/srv\"]}");
        Id id = repo.saveUnpacked(FileType.SNAPSHOT, doc);
        byte[] stored = backend.bytes(FileHandle.of(FileType.SNAPSHOT, id));
        assertEquals(Id.hash(stored), id);
        assertEquals(UnpackedEncoding.COMPRESSED, repo.key().open(stored)[0]);
        assertArrayEquals(doc, repo.loadUnpacked(FileType.SNAPSHOT, id));
        assertArrayEquals(doc, open(backend, PASSWORD).loadUnpacked(FileType.SNAPSHOT, id));
    }

    @Test
    void unpackedFilesInVersion1ArePlainJson() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 1);
        byte[] doc = json("{\"packs\":[]}\n");
        Id id = repo.saveUnpacked(FileType.INDEX, doc);
        assertArrayEquals(doc, repo.key().open(backend.bytes(FileHandle.of(FileType.INDEX, id))));
        assertArrayEquals(doc, repo.loadUnpacked(FileType.INDEX, id));
    }

    @Test
    void version2ReadsUncompressedJsonThatOlderWritersLeft() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        byte[] doc = json("{\"packs\":[]}");
        byte[] sealed = repo.key().seal(doc);
        Id id = Id.hash(sealed);
        backend.save(FileHandle.of(FileType.INDEX, id), ByteSource.of(sealed));
        assertArrayEquals(doc, repo.loadUnpacked(FileType.INDEX, id));
    }

    @Test
    void aFileWhoseContentDoesNotHashToItsNameIsCorrupt() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id real = repo.saveUnpacked(FileType.SNAPSHOT, json("{}"));
        Id other = Id.hash(json("another name"));
        backend.replace(FileHandle.of(FileType.SNAPSHOT, other), backend.bytes(FileHandle.of(FileType.SNAPSHOT, real)));
        RepositoryCorruptException e = assertThrows(RepositoryCorruptException.class,
                () -> repo.loadUnpacked(FileType.SNAPSHOT, other));
        assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
    }

    @Test
    void anUnknownEncodingByteIsCorruptionNamingTheFile() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        byte[] sealed = repo.key().seal(new byte[] {0x03, 'x'});
        Id id = Id.hash(sealed);
        backend.save(FileHandle.of(FileType.LOCK, id), ByteSource.of(sealed));
        RepositoryCorruptException e = assertThrows(RepositoryCorruptException.class,
                () -> repo.loadUnpacked(FileType.LOCK, id));
        assertTrue(e.getMessage().contains(id.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not supported encoding format"), e.getMessage());
    }

    @Test
    void aMissingFileIsNoSuchFile() throws Exception {
        Repository repo = init(new MemoryBackend(), 2);
        assertThrows(java.nio.file.NoSuchFileException.class, () -> repo.loadUnpacked(FileType.SNAPSHOT, Id.ZERO));
    }

    // ---- blobs ----------------------------------------------------------------------------------------------

    private static Id saveAndFlush(Repository repo, BlobType type, byte[] data) throws Exception {
        try (BlobSaver saver = repo.newBlobSaver()) {
            Id id = saver.save(type, data, 0, data.length).id();
            saver.flush();
            return id;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aSavedBlobLoadsBackThroughTheIndex(int version) throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, version);
        byte[] data = "hello, hello, hello, hello, hello, hello".repeat(20).getBytes(StandardCharsets.UTF_8);
        Id id = saveAndFlush(repo, BlobType.DATA, data);

        Repository fresh = open(backend, PASSWORD);
        fresh.loadIndex();
        assertArrayEquals(data, fresh.loadBlob(BlobType.DATA, id));
        IndexEntry entry = fresh.index().lookup(BlobType.DATA, id).orElseThrow();
        assertEquals(version == 2, entry.isCompressed(), "v2 compresses data blobs, v1 never");
        assertThrows(RepositoryCorruptException.class, () -> fresh.loadBlob(BlobType.TREE, id), "types are separate");
    }

    @Test
    void aDamagedBlobIsCorruptionNamingPackAndBlob() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id id = saveAndFlush(repo, BlobType.DATA, json("some file content"));
        Repository fresh = open(backend, PASSWORD);
        fresh.loadIndex();
        IndexEntry entry = fresh.index().lookup(BlobType.DATA, id).orElseThrow();
        FileHandle pack = FileHandle.of(FileType.PACK, entry.packId());
        byte[] bytes = backend.bytes(pack);
        bytes[(int) entry.offset() + 20] ^= 0x40;
        backend.replace(pack, bytes);

        RepositoryCorruptException e = assertThrows(RepositoryCorruptException.class,
                () -> fresh.loadBlob(BlobType.DATA, id));
        assertTrue(e.getMessage().contains(entry.packId().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(id.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aBlobWhosePackIsMissingIsCorruptionNamingThePack() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id id = saveAndFlush(repo, BlobType.TREE, json("{\"nodes\":[]}\n"));
        IndexEntry entry = repo.index().lookup(BlobType.TREE, id).orElseThrow();
        backend.remove(FileHandle.of(FileType.PACK, entry.packId()));
        RepositoryCorruptException e = assertThrows(RepositoryCorruptException.class,
                () -> repo.loadBlob(BlobType.TREE, id));
        assertTrue(e.getMessage().contains(entry.packId().toString()), e.getMessage());
    }

    @Test
    void aBlobStoredTwiceIsReadFromTheIntactCopy() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        init(backend, 2);
        byte[] data = json("stored by two sessions that did not know of each other");
        Id id = saveAndFlush(open(backend, PASSWORD), BlobType.DATA, data); // each session starts with an empty index
        saveAndFlush(open(backend, PASSWORD), BlobType.DATA, data);

        Repository repo = open(backend, PASSWORD);
        repo.loadIndex();
        List<IndexEntry> copies = repo.index().lookupAll(BlobType.DATA, id);
        assertEquals(2, copies.size());
        assertFalse(copies.get(0).packId().equals(copies.get(1).packId()));

        for (IndexEntry damaged : copies) {
            FileHandle pack = FileHandle.of(FileType.PACK, damaged.packId());
            byte[] original = backend.bytes(pack);
            byte[] bytes = original.clone();
            bytes[(int) damaged.offset()] ^= 1;
            backend.replace(pack, bytes);
            assertArrayEquals(data, repo.loadBlob(BlobType.DATA, id), "damaged copy in " + damaged.packId());
            backend.replace(pack, original);
        }
        for (IndexEntry damaged : copies) {
            FileHandle pack = FileHandle.of(FileType.PACK, damaged.packId());
            byte[] bytes = backend.bytes(pack);
            bytes[(int) damaged.offset()] ^= 1;
            backend.replace(pack, bytes);
        }
        assertThrows(RepositoryCorruptException.class, () -> repo.loadBlob(BlobType.DATA, id));
    }

    @Test
    void aVersion1IndexWithCompressedEntriesIsRefused() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 1);
        Id blob = Id.hash(json("blob"));
        IndexFile index = IndexFile.of(List.of(new IndexPack(Id.hash(json("pack")),
                List.of(new PackBlob(BlobType.DATA, blob, 0, 60, 100)))));
        Id indexId = repo.saveUnpacked(FileType.INDEX, index.toJson());
        RepositoryCorruptException e = assertThrows(RepositoryCorruptException.class, repo::loadIndex);
        assertTrue(e.getMessage().contains(indexId.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    }

    @Test
    void loadIndexReadsEveryIndexFile() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2);
        Id a = saveAndFlush(repo, BlobType.DATA, json("a"));
        Id b = saveAndFlush(repo, BlobType.TREE, json("b"));
        assertEquals(2, repo.list(FileType.INDEX).size());
        Repository fresh = open(backend, PASSWORD);
        assertFalse(fresh.index().has(BlobType.DATA, a), "a fresh repository knows no blobs before loadIndex");
        fresh.loadIndex();
        assertTrue(fresh.index().has(BlobType.DATA, a));
        assertTrue(fresh.index().has(BlobType.TREE, b));
        assertEquals(2, fresh.index().blobCount());
    }
}

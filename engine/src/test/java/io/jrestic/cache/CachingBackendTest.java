package io.jrestic.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.BackupListener;
import io.jrestic.archiver.BackupOptions;
import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.key.KdfParams;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.tree.Node;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache in front of a repository in memory: what is read from the store with and without it, and how the cache
 * follows deletions and damage.
 */
class CachingBackendTest {
    private static final byte[] PASSWORD = "cache".getBytes(StandardCharsets.UTF_8);
    private static final KdfParams FAST_KDF = new KdfParams(1024, 1, 1);

    @TempDir
    Path cacheBase;

    private final MemoryBackend store = new MemoryBackend();
    private final CountingBackend counting = new CountingBackend(store);
    private final byte[] data = new byte[200_000];

    @BeforeEach
    void createRepository() throws IOException {
        new Random(7).nextBytes(data);
        Repository.init(store, PASSWORD, Config.VERSION_2, null, FAST_KDF, Repository.Settings.DEFAULT).close();
    }

    /** Opens the repository through the counting store, cached in {@link #cacheBase} unless {@code cached} is false. */
    private Repository open(boolean cached) throws IOException {
        CachingBackend backend = new CachingBackend(counting);
        Repository repo = Repository.open(backend, PASSWORD, null, Repository.Settings.DEFAULT);
        if (cached) backend.attach(cacheBase, repo);
        return repo;
    }

    private static Id backup(Repository repo, byte[] content, String filename) throws IOException {
        repo.loadIndex();
        try (BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), BackupListener.NONE)) {
            return archiver.backupStream(new ByteArrayInputStream(content), filename).snapshotId();
        }
    }

    /** What {@code ls} and {@code restore} read: every snapshot, the index, the trees, and here the file's data. */
    private static byte[] readBack(Repository repo, String filename) throws IOException {
        List<IdentifiedSnapshot> snapshots = Snapshots.loadAll(repo);
        repo.loadIndex();
        Tree root = TreeCodec.decode(repo.loadBlob(BlobType.TREE, snapshots.getLast().snapshot().tree()));
        Node node = root.find(filename.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Id blob : node.content()) out.writeBytes(repo.loadBlob(BlobType.DATA, blob));
        return out.toByteArray();
    }

    private RepositoryCache cache() throws IOException {
        try (Repository repo = open(false)) {
            return RepositoryCache.open(cacheBase, repo.config().id());
        }
    }

    private Set<String> treePacks() throws IOException {
        try (Repository repo = open(false)) {
            Set<String> packs = new HashSet<>();
            repo.loadIndex().forEach((IndexEntry e) -> {
                if (e.type() == BlobType.TREE) packs.add(e.packId().toString());
            });
            return packs;
        }
    }

    @Test
    void whatABackupUploadsIsCachedSoReadingItBackDownloadsOnlyData() throws IOException {
        try (Repository repo = open(true)) {
            backup(repo, data, "file.bin");
        }
        counting.reset();
        try (Repository repo = open(true)) {
            assertArrayEquals(data, readBack(repo, "file.bin"));
        }
        assertEquals(0, counting.reads(FileType.SNAPSHOT));
        assertEquals(0, counting.reads(FileType.INDEX));
        assertEquals(1, counting.reads(FileType.PACK), "one read: the data blob");
    }

    @Test
    void anEmptyCacheIsFilledByTheFirstReadAndServesTheSecond() throws IOException {
        try (Repository repo = open(false)) {
            backup(repo, data, "file.bin");
        }
        counting.reset();
        try (Repository repo = open(true)) {
            assertArrayEquals(data, readBack(repo, "file.bin"));
        }
        assertEquals(1, counting.reads(FileType.SNAPSHOT));
        assertEquals(1, counting.reads(FileType.INDEX));
        assertEquals(2, counting.reads(FileType.PACK), "the whole tree pack into the cache, then the data blob");

        counting.reset();
        try (Repository repo = open(true)) {
            assertArrayEquals(data, readBack(repo, "file.bin"));
        }
        assertEquals(0, counting.reads(FileType.SNAPSHOT));
        assertEquals(0, counting.reads(FileType.INDEX));
        assertEquals(1, counting.reads(FileType.PACK));
    }

    @Test
    void withoutTheCacheEveryReadGoesToTheStore() throws IOException {
        try (Repository repo = open(true)) {
            backup(repo, data, "file.bin");
        }
        for (int round = 0; round < 2; round++) {
            counting.reset();
            try (Repository repo = open(false)) {
                assertArrayEquals(data, readBack(repo, "file.bin"));
            }
            assertEquals(1, counting.reads(FileType.SNAPSHOT));
            assertEquals(1, counting.reads(FileType.INDEX));
            assertEquals(2, counting.reads(FileType.PACK), "the tree blob and the data blob");
        }
    }

    @Test
    void onlyPacksHoldingTreesAreCached() throws IOException {
        try (Repository repo = open(true)) {
            backup(repo, data, "file.bin");
        }
        Set<String> trees = treePacks();
        assertEquals(1, trees.size());
        assertEquals(trees, cache().names(FileType.PACK));
        assertTrue(store.fileCount() > 0);
    }

    @Test
    void aSnapshotDeletedByAnotherClientLeavesTheCacheAtTheNextListing() throws IOException {
        Id first;
        Id second;
        try (Repository repo = open(true)) {
            first = backup(repo, data, "one.bin");
            second = backup(repo, data, "two.bin");
        }
        RepositoryCache cache = cache();
        assertEquals(Set.of(first.toString(), second.toString()), cache.names(FileType.SNAPSHOT));
        store.remove(FileHandle.of(FileType.SNAPSHOT, first));

        try (Repository repo = open(true)) {
            assertEquals(1, Snapshots.loadAll(repo).size());
        }
        assertEquals(Set.of(second.toString()), cache.names(FileType.SNAPSHOT));
    }

    @Test
    void removingAFileThroughTheCacheRemovesItsCachedCopy() throws IOException {
        Id snapshot;
        try (Repository repo = open(true)) {
            snapshot = backup(repo, data, "file.bin");
            repo.backend().remove(FileHandle.of(FileType.SNAPSHOT, snapshot));
        }
        assertEquals(Set.of(), cache().names(FileType.SNAPSHOT));
    }

    @Test
    void damagedCachedFilesAreDetectedAndDownloadedAgain() throws IOException {
        Id snapshot;
        try (Repository repo = open(true)) {
            snapshot = backup(repo, data, "file.bin");
        }
        RepositoryCache cache = cache();
        FileHandle snapshotFile = FileHandle.of(FileType.SNAPSHOT, snapshot);
        String treePack = treePacks().iterator().next();
        FileHandle packFile = new FileHandle(FileType.PACK, treePack);
        Files.write(cache.path(snapshotFile), "garbage".getBytes(StandardCharsets.UTF_8));
        byte[] pack = Files.readAllBytes(cache.path(packFile));
        pack[pack.length / 2] ^= 1;
        Files.write(cache.path(packFile), pack);

        counting.reset();
        try (Repository repo = open(true)) {
            assertArrayEquals(data, readBack(repo, "file.bin"));
        }
        assertEquals(1, counting.reads(FileType.SNAPSHOT));
        assertEquals(2, counting.reads(FileType.PACK), "the tree pack again, and the data blob");
        assertArrayEquals(store.bytes(snapshotFile), Files.readAllBytes(cache.path(snapshotFile)));
        assertArrayEquals(store.bytes(packFile), Files.readAllBytes(cache.path(packFile)));
    }

    @Test
    void aTreePackThatCannotBeCachedIsReadFromTheStore() throws IOException {
        try (Repository repo = open(false)) {
            backup(repo, data, "file.bin");
        }
        String treePack = treePacks().iterator().next();
        RepositoryCache cache = cache();
        Path packDir = cache.path(new FileHandle(FileType.PACK, treePack)).getParent();
        Files.createDirectories(packDir.getParent());
        Files.writeString(packDir, "a file where the directory should be");
        try (Repository repo = open(true)) {
            assertArrayEquals(data, readBack(repo, "file.bin"));
        }
        assertTrue(Files.isRegularFile(packDir));
    }

    @Test
    void cachedPacksTheIndexNoLongerNamesAreRemovedWhenTheRepositoryCloses() throws IOException {
        try (Repository repo = open(true)) {
            backup(repo, data, "file.bin");
        }
        RepositoryCache cache = cache();
        byte[] foreign = "a pack pruned by another client".getBytes(StandardCharsets.UTF_8);
        FileHandle pruned = FileHandle.of(FileType.PACK, Id.hash(foreign));
        cache.save(pruned, new ByteArrayInputStream(foreign));

        try (Repository repo = open(true)) {
            Snapshots.loadAll(repo);
        }
        assertTrue(cache.names(FileType.PACK).contains(pruned.name()), "kept while the index is not loaded");
        try (Repository repo = open(true)) {
            repo.loadIndex();
        }
        assertEquals(treePacks(), cache.names(FileType.PACK));
    }

    @Test
    void streamingReadsOfPacksAlwaysGoToTheStore() throws IOException {
        try (Repository repo = open(true)) {
            backup(repo, data, "file.bin");
        }
        FileHandle treePack = new FileHandle(FileType.PACK, treePacks().iterator().next());
        counting.reset();
        try (Repository repo = open(true)) {
            repo.loadIndex();
            Backend backend = repo.backend();
            try (InputStream in = backend.openRange(treePack, 0, 0)) {
                assertArrayEquals(store.bytes(treePack), in.readAllBytes());
            }
        }
        assertEquals(1, counting.reads(FileType.PACK));
    }

    @Test
    void beforeItIsAttachedTheBackendPassesEverythingThrough() throws IOException {
        CachingBackend backend = new CachingBackend(counting);
        assertNull(backend.cache());
        try (Repository repo = Repository.open(backend, PASSWORD, null, Repository.Settings.DEFAULT)) {
            backup(repo, data, "file.bin");
        }
        try (var entries = Files.list(cacheBase)) {
            assertEquals(0, entries.count());
        }
        assertFalse(Files.exists(cacheBase.resolve(RepositoryCache.TAG_FILE)));
    }
}

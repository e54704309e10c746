package io.jrestic.repository;

import io.jrestic.backend.ForwardingBackend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.compress.CompressionMode;
import io.jrestic.id.Id;
import io.jrestic.index.IndexPack;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackReader;
import io.jrestic.pack.PackWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * BlobSaver: deduplication (§12), packing by type and size (§8.5), and the write order packs → index (§9.2, §15).
 */
class BlobSaverTest {
    private static final int SMALLEST_PACK = (int) PackWriter.MIN_TARGET_SIZE;

    /** A MemoryBackend whose pack saves can be held at a gate or made to fail. */
    static final class GatedBackend extends ForwardingBackend {
        final MemoryBackend store;
        final CountDownLatch packSaveStarted = new CountDownLatch(1);
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failPacks;

        GatedBackend() {
            this(new MemoryBackend());
        }

        private GatedBackend(MemoryBackend store) {
            super(store);
            this.store = store;
        }

        @Override
        public String location() {
            return "gated:test";
        }

        @Override
        public int connections() {
            return 2;
        }

        @Override
        public void save(FileHandle handle, ByteSource content) throws IOException {
            if (handle.type() == FileType.PACK) {
                packSaveStarted.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                if (failPacks) throw new IOException(location() + ": " + handle + ": simulated upload failure");
            }
            super.save(handle, content);
        }
    }

    private static Repository init(Backend backend, int version, int packSize) throws Exception {
        return Repository.init(backend, RepositoryTest.PASSWORD, version, RepositoryTest.POLYNOMIAL, RepositoryTest.FAST_KDF,
                new Repository.Settings(CompressionMode.AUTO, packSize));
    }

    private static Repository reopen(Backend backend) throws Exception {
        Repository repo = Repository.open(backend, RepositoryTest.PASSWORD, null, Repository.Settings.DEFAULT);
        repo.loadIndex();
        return repo;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Every pack an index file on the backend names, with the blobs it lists. */
    private static List<IndexPack> indexedPacks(Repository repo) throws Exception {
        List<IndexPack> packs = new ArrayList<>();
        for (Id id : repo.list(FileType.INDEX)) packs.addAll(repo.loadIndexFile(id).packs());
        return packs;
    }

    @Test
    void aBlobIsStoredOncePerSessionAndNotAgainWhenTheIndexHasIt() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        byte[] data = bytes("the same chunk, twice");
        try (BlobSaver saver = repo.newBlobSaver()) {
            BlobSaver.Saved first = saver.save(BlobType.DATA, data, 0, data.length);
            BlobSaver.Saved second = saver.save(BlobType.DATA, data.clone(), 0, data.length);
            assertTrue(first.added());
            assertFalse(second.added());
            assertEquals(Id.hash(data), first.id());
            assertEquals(first.id(), second.id());
            assertTrue(saver.has(BlobType.DATA, first.id()));
            assertFalse(saver.has(BlobType.TREE, first.id()), "dedup is by type and ID");
            assertTrue(saver.save(BlobType.TREE, data, 0, data.length).added(), "the same bytes as a tree are a new blob");
            saver.flush();
            assertEquals(1, saver.statistics().dataBlobs());
            assertEquals(1, saver.statistics().treeBlobs());
        }
        Repository next = reopen(backend);
        try (BlobSaver saver = next.newBlobSaver()) {
            assertFalse(saver.save(BlobType.DATA, data, 0, data.length).added(), "known from the loaded index");
            saver.flush();
            assertEquals(0, saver.statistics().dataBlobs());
            assertTrue(saver.writtenIndexes().isEmpty(), "nothing new, no index file");
        }
        assertEquals(2, repo.list(FileType.PACK).size(), "one data pack and one tree pack");
        assertEquals(1, repo.list(FileType.INDEX).size());
    }

    @Test
    void aSubrangeOfTheCallersBufferIsSaved() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        byte[] buf = bytes("xxxxPAYLOADyyyy");
        Id id;
        try (BlobSaver saver = repo.newBlobSaver()) {
            id = saver.save(BlobType.DATA, buf, 4, 7).id();
            buf[5] = 'Z'; // the caller may reuse its buffer once save returns
            saver.flush();
        }
        assertEquals(Id.hash(bytes("PAYLOAD")), id);
        assertArrayEquals(bytes("PAYLOAD"), reopen(backend).loadBlob(BlobType.DATA, id));
    }

    @Test
    void concurrentSaversStoreEachBlobExactlyOnce() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        int threads = 4;
        int shared = 200;
        int own = 50;
        AtomicInteger added = new AtomicInteger();
        try (BlobSaver saver = repo.newBlobSaver(); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < shared; i++) {
                        byte[] b = bytes("shared blob " + i);
                        if (saver.save(BlobType.DATA, b, 0, b.length).added()) added.incrementAndGet();
                        byte[] mine = bytes("thread " + thread + " blob " + i % own);
                        if (saver.save(BlobType.DATA, mine, 0, mine.length).added()) added.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get();
            saver.flush();
            assertEquals(shared + threads * own, added.get());
            assertEquals(shared + threads * own, saver.statistics().dataBlobs());
        }
        MasterIndex index = reopen(backend).index();
        assertEquals(shared + threads * own, index.blobCount(), "no blob is stored twice");
    }

    @Test
    void packsAreCutAtTheTargetSizeAndHoldOneBlobTypeEach() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 1, SMALLEST_PACK); // v1: random data stays 1 MiB per blob
        Random random = new Random(42);
        int blobSize = 1 << 20;
        try (BlobSaver saver = repo.newBlobSaver()) {
            for (int i = 0; i < 10; i++) {
                byte[] data = random(random, blobSize);
                saver.save(BlobType.DATA, data, 0, data.length);
                byte[] tree = bytes("{\"nodes\":[],\"n\":" + i + "}\n");
                saver.save(BlobType.TREE, tree, 0, tree.length);
            }
            saver.flush();
        }
        List<IndexPack> packs = indexedPacks(repo);
        int dataPacks = 0;
        for (IndexPack p : packs) {
            FileHandle h = FileHandle.of(FileType.PACK, p.packId());
            long size = backend.stat(h).size();
            List<PackBlob> header = PackReader.readHeader(backend, h, size, repo.key());
            assertEquals(p.blobs().size(), header.size());
            Set<BlobType> types = new HashSet<>();
            header.forEach(b -> types.add(b.type()));
            assertEquals(1, types.size(), "pack " + p.packId() + " mixes blob types");
            if (types.contains(BlobType.DATA)) {
                dataPacks++;
                long payload = header.stream().mapToLong(PackBlob::length).sum();
                assertTrue(payload < SMALLEST_PACK + blobSize + 64, "a pack stops growing once it reaches the target");
            }
        }
        // 10 blobs of 1 MiB + 32 bytes: a pack is full after 4 of them (4 MiB reached), so 4 + 4 + 2.
        assertEquals(3, dataPacks);
        assertEquals(4, packs.size(), "the ten small trees share one pack");
    }

    @Test
    void aDataPackEndsWithTheBlobThatReachesTheTargetAsInRestic() throws Exception {
        // target 4 MiB: 3.5 MiB then 3 MiB reach it together; packs are spooled to files, so nothing limits the overshoot
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 1, SMALLEST_PACK);
        Random random = new Random(7);
        try (BlobSaver saver = repo.newBlobSaver()) {
            for (int n : new int[] {3584 << 10, 3 << 20, 1 << 20}) {
                byte[] data = random(random, n);
                saver.save(BlobType.DATA, data, 0, data.length);
            }
            saver.flush();
        }
        List<Long> payloads = new ArrayList<>();
        for (IndexPack p : indexedPacks(repo)) payloads.add(p.blobs().stream().mapToLong(PackBlob::length).sum());
        payloads.sort(null);
        // each envelope is 32 bytes longer than its blob
        assertEquals(List.of((1L << 20) + 32, (6656L << 10) + 64), payloads);
    }

    @Test
    void spoolFilesAreGoneAfterFlushAndClose() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 1, SMALLEST_PACK);
        Path spool = SpoolDirectory.ofCurrentUser();
        Set<Path> before = listing(spool);
        Random random = new Random(8);
        try (BlobSaver saver = repo.newBlobSaver()) {
            for (int i = 0; i < 6; i++) {
                byte[] data = random(random, 1 << 20);
                saver.save(BlobType.DATA, data, 0, data.length);
            }
            saver.flush();
            byte[] more = random(random, 1000);
            saver.save(BlobType.DATA, more, 0, more.length); // an open pack that is never flushed
        }
        assertEquals(before, listing(spool));
    }

    private static Set<Path> listing(Path dir) throws IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void afterFlushEveryBlobIsInAnIndexFileOnTheBackend() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        List<Id> ids = new ArrayList<>();
        try (BlobSaver saver = repo.newBlobSaver()) {
            for (int i = 0; i < 30; i++) {
                byte[] b = bytes("blob number " + i);
                ids.add(saver.save(i % 3 == 0 ? BlobType.TREE : BlobType.DATA, b, 0, b.length).id());
            }
            saver.flush();
            assertEquals(repo.list(FileType.INDEX), saver.writtenIndexes());
        }
        Repository fresh = reopen(backend);
        for (int i = 0; i < ids.size(); i++) {
            BlobType type = i % 3 == 0 ? BlobType.TREE : BlobType.DATA;
            assertArrayEquals(bytes("blob number " + i), fresh.loadBlob(type, ids.get(i)));
        }
        for (IndexPack p : indexedPacks(fresh)) {
            assertTrue(backend.stat(FileHandle.of(FileType.PACK, p.packId())).size() > 0);
        }
    }

    @Test
    void aBlobEntersTheIndexOnlyAfterItsPackIsSaved() throws Exception {
        GatedBackend backend = new GatedBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        backend.gate = new CountDownLatch(1);
        byte[] data = bytes("waiting for its pack");
        Id id = Id.hash(data);
        try (BlobSaver saver = repo.newBlobSaver(); ExecutorService flusher = Executors.newSingleThreadExecutor()) {
            saver.save(BlobType.DATA, data, 0, data.length);
            Future<?> flushing = flusher.submit(() -> {
                saver.flush();
                return null;
            });
            backend.packSaveStarted.await();
            // The upload is in progress: the saver remembers the blob, the index does not have it yet.
            assertTrue(saver.has(BlobType.DATA, id));
            assertFalse(repo.index().has(BlobType.DATA, id));
            assertTrue(repo.list(FileType.INDEX).isEmpty());
            assertFalse(flushing.isDone(), "flush waits for the upload");

            backend.gate.countDown();
            flushing.get();
            assertTrue(repo.index().has(BlobType.DATA, id));
            assertEquals(1, repo.list(FileType.INDEX).size());
        }
    }

    @Test
    void anUploadFailureSurfacesOnFlushAndNoIndexNamesTheMissingPack() throws Exception {
        GatedBackend backend = new GatedBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        byte[] good = bytes("uploaded before the failure");
        try (BlobSaver saver = repo.newBlobSaver()) {
            saver.save(BlobType.DATA, good, 0, good.length);
            saver.flush();
        }
        backend.failPacks = true;
        byte[] lost = bytes("never reaches the backend");
        try (BlobSaver saver = repo.newBlobSaver()) {
            saver.save(BlobType.DATA, lost, 0, lost.length);
            IOException e = assertThrows(IOException.class, saver::flush);
            assertTrue(e.getMessage().contains("simulated upload failure"), e.getMessage());
            assertThrows(IOException.class, () -> saver.save(BlobType.DATA, good, 0, good.length),
                    "the session stays failed");
        }
        assertFalse(repo.index().has(BlobType.DATA, Id.hash(lost)));
        List<IndexPack> packs = indexedPacks(repo);
        assertEquals(1, packs.size());
        for (IndexPack p : packs) {
            backend.stat(FileHandle.of(FileType.PACK, p.packId())); // throws if an index names a missing pack
        }
        Repository fresh = reopen(backend);
        assertTrue(fresh.index().has(BlobType.DATA, Id.hash(good)));
        assertFalse(fresh.index().has(BlobType.DATA, Id.hash(lost)));
    }

    @Test
    void statisticsCountNewBlobsAndTheirPlaintextAndStoredBytes() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        byte[] a = bytes("a".repeat(1000));
        byte[] b = bytes("some other data");
        byte[] tree = bytes("{\"nodes\":[]}\n");
        BlobSaver.Statistics stats;
        try (BlobSaver saver = repo.newBlobSaver()) {
            saver.save(BlobType.DATA, a, 0, a.length);
            saver.save(BlobType.DATA, b, 0, b.length);
            saver.save(BlobType.DATA, a, 0, a.length);
            saver.save(BlobType.TREE, tree, 0, tree.length);
            saver.flush();
            stats = saver.statistics();
        }
        assertEquals(2, stats.dataBlobs());
        assertEquals(1, stats.treeBlobs());
        assertEquals(a.length + b.length + tree.length, stats.dataAdded(), "restic's data_added includes trees");
        long packed = 0;
        for (IndexPack p : indexedPacks(repo)) {
            for (PackBlob blob : p.blobs()) packed += blob.length() + blob.headerEntrySize();
        }
        assertEquals(packed, stats.dataAddedPacked());
        assertTrue(stats.dataAddedPacked() < stats.dataAdded(), "1000 × 'a' compresses");
    }

    @Test
    void anEmptyBlobIsStoredUncompressed() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = init(backend, 2, SMALLEST_PACK);
        Id id;
        try (BlobSaver saver = repo.newBlobSaver()) {
            id = saver.save(BlobType.DATA, new byte[0], 0, 0).id();
            saver.flush();
        }
        Repository fresh = reopen(backend);
        assertFalse(fresh.index().lookup(BlobType.DATA, id).orElseThrow().isCompressed());
        assertEquals(0, fresh.loadBlob(BlobType.DATA, id).length);
    }

    @Test
    void nothingReachesTheBackendBeforeWritesAreAllowedAndNothingAtAllIfThatFails() throws Exception {
        Random random = new Random(7);
        for (boolean allowed : new boolean[] {true, false}) {
            GatedBackend backend = new GatedBackend();
            Repository repo = init(backend, 1, SMALLEST_PACK);
            CompletableFuture<Void> lockConfirmed = new CompletableFuture<>();
            repo.holdWritesUntil(lockConfirmed);
            ExecutorService flusher = Executors.newSingleThreadExecutor();
            try (BlobSaver saver = repo.newBlobSaver()) {
                for (int i = 0; i < 6; i++) { // more than a 4 MiB pack: one pack is finished and waits to be saved
                    byte[] data = random(random, 1 << 20);
                    saver.save(BlobType.DATA, data, 0, data.length);
                }
                Future<?> flushed = flusher.submit(() -> {
                    saver.flush();
                    return null;
                });
                Thread.sleep(100); // ample time for a save that would not wait
                assertFalse(flushed.isDone());
                assertEquals(1, backend.packSaveStarted.getCount(), "no pack reached the backend");
                assertTrue(repo.list(FileType.INDEX).isEmpty() && repo.list(FileType.PACK).isEmpty());
                if (allowed) {
                    lockConfirmed.complete(null);
                    flushed.get();
                    assertEquals(2, indexedPacks(repo).size());
                } else {
                    lockConfirmed.completeExceptionally(new IOException("repository is already locked by someone else"));
                    ExecutionException e = assertThrows(ExecutionException.class, flushed::get);
                    assertTrue(e.getCause().getMessage().contains("repository is already locked by someone else"),
                            e.getCause().getMessage());
                    assertTrue(repo.list(FileType.INDEX).isEmpty() && repo.list(FileType.PACK).isEmpty(), "nothing saved");
                    assertThrows(IOException.class, () -> repo.saveUnpacked(FileType.SNAPSHOT, bytes("{}")));
                    assertTrue(repo.list(FileType.SNAPSHOT).isEmpty());
                }
            } finally {
                flusher.shutdownNow();
            }
            repo.saveUnpacked(FileType.LOCK, bytes("{}")); // lock files are never held back
            assertEquals(1, repo.list(FileType.LOCK).size());
        }
    }
}

package io.jrestic.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.fault.FaultProxy;
import io.jrestic.backend.fault.S3Server;
import io.jrestic.backend.fault.Workload;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.walker.TreeWalker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic's local cache in front of S3 (S3Proxy), with every request counted by a {@link FaultProxy}: the second
 * {@code snapshots}, {@code ls} and incremental backup download no snapshot, index or tree-pack bytes; without the
 * cache they are downloaded again; the cache follows deletions and heals damage.
 */
class CacheOverS3Test {
    private static final String BUCKET = "cached";

    @TempDir
    Path scratch;
    private Path buckets;
    private Path cacheBase;
    private Path source;
    private S3Server server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        buckets = Files.createDirectories(scratch.resolve("buckets"));
        cacheBase = scratch.resolve("cache");
        server = new S3Server(buckets);
        proxy = new FaultProxy("127.0.0.1", server.port());
        Workload.init(s3());
        source = Workload.sourceTree(scratch.resolve("src"), 11);
        try (Repository repo = Workload.open(s3())) {
            Workload.backup(repo, source); // uncached: the cache below starts empty
        }
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    /** The bucket through the counting proxy, as the s3 factory opens it (with retries). */
    private Backend s3() throws IOException {
        return BackendRegistry.open("s3:" + proxy.endpoint() + "/" + BUCKET, Map.of(), S3Server.environment());
    }

    /** Opens the repository as the command line does: cached in {@link #cacheBase} unless {@code cached} is false. */
    private Repository open(boolean cached) throws IOException {
        CachingBackend backend = new CachingBackend(s3());
        Repository repo = Workload.open(backend);
        if (cached) backend.attach(cacheBase, repo);
        return repo;
    }

    /** {@code snapshots}, {@code ls latest} and an incremental {@code backup}, each opening the repository anew. */
    private void snapshotsLsAndBackup(boolean cached) throws IOException {
        try (Repository repo = open(cached)) {
            assertFalse(Snapshots.loadAll(repo).isEmpty());
        }
        try (Repository repo = open(cached)) {
            IdentifiedSnapshot latest = Snapshots.loadAll(repo).getLast();
            repo.loadIndex();
            AtomicInteger nodes = new AtomicInteger();
            new TreeWalker(repo).walk(latest.snapshot().tree(), "/".getBytes(StandardCharsets.UTF_8), (path, node) -> {
                nodes.incrementAndGet();
                return TreeWalker.Action.CONTINUE;
            });
            assertTrue(nodes.get() > 5, "walked " + nodes);
        }
        try (Repository repo = open(cached)) {
            Workload.backup(repo, source);
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

    private long treePackReads() throws IOException {
        Set<String> trees = treePacks();
        return proxy.exchanges(r -> r.reads("data")).stream()
                .filter(e -> trees.stream().anyMatch(p -> e.request().path().endsWith(p)))
                .count();
    }

    private RepositoryCache cache() throws IOException {
        try (Repository repo = open(false)) {
            return RepositoryCache.open(cacheBase, repo.config().id());
        }
    }

    @Test
    void theSecondSnapshotsLsAndBackupDownloadNoSnapshotIndexOrTreePackBytes() throws IOException {
        snapshotsLsAndBackup(true);
        assertTrue(proxy.bytesRead("snapshots") > 0);
        assertTrue(proxy.bytesRead("index") > 0);
        assertTrue(treePackReads() > 0);

        proxy.clear();
        snapshotsLsAndBackup(true);
        assertEquals(0, proxy.bytesRead("snapshots"), "snapshot bytes downloaded");
        assertEquals(0, proxy.bytesRead("index"), "index bytes downloaded");
        assertEquals(0, proxy.reads("data"), "pack reads (the backup is unchanged: no data either)");
        assertTrue(proxy.exchanges(r -> r.writes("snapshots")).size() == 1, "the incremental backup saved a snapshot");
    }

    @Test
    void withoutTheCacheEverythingIsDownloadedAgain() throws IOException {
        snapshotsLsAndBackup(true);
        proxy.clear();
        snapshotsLsAndBackup(false);
        assertTrue(proxy.bytesRead("snapshots") > 0);
        assertTrue(proxy.bytesRead("index") > 0);
        assertTrue(treePackReads() > 0);
    }

    @Test
    void aSnapshotDeletedByAnotherClientDisappearsFromTheCache() throws IOException {
        snapshotsLsAndBackup(true);
        RepositoryCache cache = cache();
        Set<String> cached = cache.names(FileType.SNAPSHOT);
        assertEquals(2, cached.size());
        String deleted = cached.iterator().next();
        try (Backend other = s3()) {
            other.remove(new FileHandle(FileType.SNAPSHOT, deleted));
        }

        try (Repository repo = open(true)) {
            assertEquals(1, Snapshots.loadAll(repo).size());
        }
        assertFalse(cache.names(FileType.SNAPSHOT).contains(deleted));
        assertEquals(1, cache.names(FileType.SNAPSHOT).size());
    }

    @Test
    void aCorruptedCacheFileIsDetectedAndDownloadedAgain() throws IOException {
        snapshotsLsAndBackup(true);
        RepositoryCache cache = cache();
        String snapshot = cache.names(FileType.SNAPSHOT).iterator().next();
        String index = cache.names(FileType.INDEX).iterator().next();
        String treePack = cache.names(FileType.PACK).iterator().next();
        FileHandle snapshotFile = new FileHandle(FileType.SNAPSHOT, snapshot);
        FileHandle indexFile = new FileHandle(FileType.INDEX, index);
        FileHandle packFile = new FileHandle(FileType.PACK, treePack);
        for (FileHandle h : List.of(snapshotFile, indexFile, packFile)) {
            byte[] bytes = Files.readAllBytes(cache.path(h));
            bytes[bytes.length - 1] ^= 0x40;
            Files.write(cache.path(h), bytes);
        }

        proxy.clear();
        snapshotsLsAndBackup(true);
        assertEquals(1, proxy.exchanges(r -> r.reads("snapshots") && r.path().endsWith(snapshot)).size());
        assertEquals(1, proxy.exchanges(r -> r.reads("index") && r.path().endsWith(index)).size());
        assertEquals(1, proxy.exchanges(r -> r.reads("data") && r.path().endsWith(treePack)).size());
        Path bucket = buckets.resolve(BUCKET);
        for (FileHandle h : List.of(snapshotFile, indexFile, packFile)) {
            assertArrayEquals(Files.readAllBytes(bucket.resolve(h.path())), Files.readAllBytes(cache.path(h)), h.toString());
            assertEquals(h.id(), Id.hash(Files.readAllBytes(cache.path(h))));
        }
    }
}

package io.jrestic.repository;

import io.jrestic.concurrent.Futures;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.compress.Zstd;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import io.jrestic.index.IndexFile;
import io.jrestic.index.IndexPack;
import io.jrestic.pack.FinishedPack;
import io.jrestic.pack.PackHeader;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import io.jrestic.crypto.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores new blobs: deduplicates against the index and this session, compresses (v2) on the calling thread,
 * encrypts into one open pack per blob type, and uploads full packs on a pool sized to the backend's
 * connections. Thread-safe: several producers (files, streams, tree builders) may save at once.
 *
 * <p>Allocation: compression writes into a per-thread scratch buffer, sealing straight into the pack, and pack
 * buffers are recycled once their pack is uploaded, so a long backup creates no garbage per blob; this keeps the
 * heap (and the process's resident size) flat.
 *
 * <p>Order and durability: a pack's blobs enter the master index only after the pack is saved, and
 * {@link #flush()} writes the index files for everything uploaded before it returns; only then may a snapshot
 * that references these blobs be saved. Memory is bounded: at most {@code connections} finished packs wait
 * for upload; producers block (backpressure) beyond that.
 */
public final class BlobSaver implements AutoCloseable {
    /** restic writes an index file once it holds this many blobs (§9.2). */
    static final int INDEX_FULL_BLOBS = 50_000;

    private final Repository repo;
    private final CryptoKey key;
    private final MasterIndex index;
    private final int compressionLevel;
    private final int packTarget;
    /** Blobs accepted in this session but not yet visible in the master index. */
    private final Map<BlobKey, Boolean> pending = new ConcurrentHashMap<>();
    private final Map<BlobType, PackWriter> open = new EnumMap<>(BlobType.class);
    /** Uploaded writers kept with their buffers for the next pack of their type; guarded by {@link #open}. */
    private final Map<BlobType, ArrayDeque<PackWriter>> spare = new EnumMap<>(BlobType.class);
    private final int maxSpare;
    private final ExecutorService uploader;
    private final Semaphore uploadSlots;
    private final List<Future<?>> uploads = new ArrayList<>();
    private final List<IndexPack> unindexed = new ArrayList<>();
    private int unindexedBlobs;
    private final List<Id> writtenIndexes = new ArrayList<>();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final Statistics stats = new Statistics();

    private record BlobKey(BlobType type, Id id) {
    }

    /** One thread's reusable output buffer: the zstd frame of the blob being saved. */
    private static final class Scratch {
        byte[] compressed = new byte[0];

        static byte[] atLeast(byte[] b, int length) {
            // grow by a quarter beyond the need so a run of slightly larger blobs does not reallocate each time
            return b.length >= length ? b : new byte[(int) Math.min(Integer.MAX_VALUE - 16, length + (long) (length >> 2))];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /**
     * Room beyond the target for the blob that crosses it; a larger one closes the pack first. Packs hence end
     * between the target minus one blob and the target plus this, and their buffers never grow (§8.5 leaves
     * pack sizes to the writer).
     */
    private static final int PACK_SLACK = 2 << 20;

    /** What this session added to the repository. */
    public static final class Statistics {
        final AtomicLong dataBlobs = new AtomicLong();
        final AtomicLong treeBlobs = new AtomicLong();
        final AtomicLong dataAdded = new AtomicLong();
        final AtomicLong dataAddedPacked = new AtomicLong();

        public long dataBlobs() {
            return dataBlobs.get();
        }

        public long treeBlobs() {
            return treeBlobs.get();
        }

        /** Plaintext bytes of new blobs. */
        public long dataAdded() {
            return dataAdded.get();
        }

        /** Bytes the new blobs take in the repository (compressed, encrypted, with header entries). */
        public long dataAddedPacked() {
            return dataAddedPacked.get();
        }
    }

    /** The outcome of one save: the blob's ID, whether it was new, and its plaintext size. */
    public record Saved(Id id, boolean added, int length) {
    }

    BlobSaver(Repository repo) {
        this.repo = repo;
        CryptoKey.warmUp(); // bulk encryption ahead: get the intrinsics compiled early
        this.key = repo.key();
        this.index = repo.index();
        this.compressionLevel = repo.settings().compression().level();
        this.packTarget = repo.settings().packSize();
        int connections = Math.max(1, repo.backend().connections());
        this.uploader = Executors.newFixedThreadPool(connections, Thread.ofPlatform().daemon().name("pack-upload-", 0).factory());
        // One slot per connection: a producer blocks as soon as every connection is busy, rather than filling
        // another 17 MiB buffer to queue behind them.
        this.uploadSlots = new Semaphore(connections);
        this.maxSpare = connections;
    }

    public Statistics statistics() {
        return stats;
    }

    /** True if the repository already has this blob or this session has accepted it. */
    public boolean has(BlobType type, Id id) {
        return index.has(type, id) || pending.containsKey(new BlobKey(type, id));
    }

    /** Hashes and saves {@code data[off, off+len)} as a blob unless it is already stored. */
    public Saved save(BlobType type, byte[] data, int off, int len) throws IOException {
        return save(type, Id.hash(data, off, len), data, off, len);
    }

    /** Saves a blob whose ID the caller already computed. The caller may reuse {@code data} once this returns. */
    public Saved save(BlobType type, Id id, byte[] data, int off, int len) throws IOException {
        rethrowFailure();
        BlobKey k = new BlobKey(type, id);
        if (index.has(type, id) || pending.putIfAbsent(k, Boolean.TRUE) != null) {
            return new Saved(id, false, len);
        }
        Scratch scratch = SCRATCH.get();
        byte[] payload = data;
        int payloadOff = off;
        int payloadLen = len;
        int uncompressedLength = 0;
        if (len > 0 && repo.compresses(type)) { // never compress an empty blob (§7)
            payload = scratch.compressed = Scratch.atLeast(scratch.compressed, Zstd.compressBound(len));
            payloadOff = 0;
            payloadLen = Zstd.compressInto(data, off, len, compressionLevel, payload, 0);
            uncompressedLength = len;
        }
        int envelopeLength = Envelope.envelopeLength(payloadLen);
        // Sealed straight into the pack (no envelope copy) under the lock, which also keeps the pack's
        // incremental SHA-256 in order; a data blob that would overfill its pack's buffer starts the next pack.
        // (Tree packs start small and grow.)
        List<PackWriter> full = new ArrayList<>(2);
        synchronized (open) {
            PackWriter w = open.computeIfAbsent(type, this::newWriter);
            if (type == BlobType.DATA && !w.isEmpty() && !w.fitsWithoutGrowing(envelopeLength)) {
                full.add(w);
                w = newWriter(type);
                open.put(type, w);
            }
            w.seal(type, id, key, payload, payloadOff, payloadLen, uncompressedLength);
            if (w.isFull(packTarget)) {
                full.add(w);
                open.remove(type);
            }
        }
        (type == BlobType.DATA ? stats.dataBlobs : stats.treeBlobs).incrementAndGet();
        stats.dataAdded.addAndGet(len);
        stats.dataAddedPacked.addAndGet(envelopeLength + (uncompressedLength != 0 ? PackHeader.COMPRESSED_ENTRY_SIZE : PackHeader.ENTRY_SIZE));
        for (PackWriter w : full) upload(w);
        return new Saved(id, true, len);
    }

    /** A recycled writer of {@code type} if one is spare, else a new one (data packs sized for a full pack). */
    private PackWriter newWriter(BlobType type) {
        ArrayDeque<PackWriter> free = spare.get(type);
        PackWriter w = free == null ? null : free.pollFirst();
        if (w != null) return w;
        return type == BlobType.DATA ? new PackWriter(type, packTarget + PACK_SLACK) : new PackWriter(type);
    }

    /** Keeps an uploaded writer's buffer for a later pack, up to the number that can be in flight at once. */
    private void recycle(PackWriter writer) {
        writer.reset();
        synchronized (open) {
            ArrayDeque<PackWriter> free = spare.computeIfAbsent(writer.type(), t -> new ArrayDeque<>());
            if (free.size() < maxSpare) free.addFirst(writer);
        }
    }

    private void upload(PackWriter writer) throws IOException {
        try {
            uploadSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to upload a pack");
        }
        Future<?> f = uploader.submit(() -> {
            try {
                FinishedPack pack = writer.finish(key);
                FileHandle h = FileHandle.of(FileType.PACK, pack.packId());
                repo.backend().save(h, pack.content());
                synchronized (unindexed) {
                    index.addPack(pack.packId(), pack.blobs());
                    unindexed.add(new IndexPack(pack.packId(), pack.blobs()));
                    unindexedBlobs += pack.blobs().size();
                }
                pack.blobs().forEach(b -> pending.remove(new BlobKey(b.type(), b.id())));
                recycle(writer);
                if (unindexedBlobs >= INDEX_FULL_BLOBS) writeIndex();
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, new IOException("pack upload failed: " + e, e));
            } finally {
                uploadSlots.release();
            }
            return null;
        });
        synchronized (uploads) {
            uploads.add(f);
        }
    }

    private void writeIndex() throws IOException {
        List<IndexPack> packs;
        synchronized (unindexed) {
            if (unindexed.isEmpty()) return;
            packs = new ArrayList<>(unindexed);
            unindexed.clear();
            unindexedBlobs = 0;
        }
        Id id = repo.saveUnpacked(FileType.INDEX, IndexFile.of(packs).toJson());
        synchronized (writtenIndexes) {
            writtenIndexes.add(id);
        }
    }

    /**
     * Uploads the open packs, waits for every upload and writes the index for them. When this returns without
     * an exception, everything saved so far is durable and indexed.
     */
    public void flush() throws IOException {
        List<PackWriter> partial;
        synchronized (open) {
            partial = new ArrayList<>(open.values());
            open.clear();
        }
        for (PackWriter w : partial) {
            if (w.count() > 0) upload(w);
        }
        List<Future<?>> waiting;
        synchronized (uploads) {
            waiting = new ArrayList<>(uploads);
            uploads.clear();
        }
        for (Future<?> f : waiting) Futures.await(f);
        rethrowFailure();
        writeIndex();
    }

    /** Index files written by this session. */
    public List<Id> writtenIndexes() {
        synchronized (writtenIndexes) {
            return List.copyOf(writtenIndexes);
        }
    }

    private void rethrowFailure() throws IOException {
        IOException e = failure.get();
        if (e != null) throw new RepositoryException("saving to " + repo.backend().location() + " failed: " + e.getMessage(), e);
    }

    /** Stops the upload threads. Blobs not flushed are lost (their packs are never indexed). */
    @Override
    public void close() {
        uploader.shutdownNow();
    }
}

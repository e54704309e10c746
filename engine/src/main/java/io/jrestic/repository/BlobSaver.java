package io.jrestic.repository;

import io.jrestic.concurrent.Futures;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.chunker.ChunkBuffers;
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
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
 * <p>Memory: compression and sealing write into per-thread scratch buffers, and packs are assembled in
 * temporary files (as restic does; a local backend on the same file system links them into place), so a long
 * backup creates no garbage per blob and holds no pack in the heap: the process's resident size stays flat
 * whatever the pack size and the number of packs in flight.
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
    /** Packs are assembled in temporary files here (restic: os.TempDir), not in the heap; see {@link SpoolDirectory}. */
    private final Path spoolDirectory;
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

    /** One thread's reusable output buffers: the zstd frame of the blob being saved and its sealed envelope. */
    private static final class Scratch {
        byte[] compressed = new byte[0];
        byte[] sealed = new byte[0];

        /**
         * Kept scratch stays below this: room for the zstd frame or envelope of the longest chunk, so that after
         * the first long chunk a thread allocates nothing more (fresh buffers for long chunks were garbage that
         * outlived the young generation and grew the heap). Only a tree blob beyond it gets a buffer of its own.
         */
        static final int RETAINED = ChunkBuffers.LARGE_CAPACITY + (64 << 10);

        /** {@code b} if it holds {@code length} bytes, else a new buffer (worth keeping only if at most {@link #RETAINED}). */
        static byte[] atLeast(byte[] b, int length) {
            if (b.length >= length) return b;
            if (length > RETAINED) return new byte[length];
            // grow by a quarter beyond the need so a run of slightly larger blobs does not reallocate each time
            return new byte[Math.min(RETAINED, length + (length >> 2))];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
        try {
            this.spoolDirectory = SpoolDirectory.ofCurrentUser();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for packs in the temporary directory", e);
        }
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
        // Bulk encryption ahead: get the intrinsics compiled early; not before the first new blob, since an
        // incremental backup that finds (almost) nothing new would only pay the warm-up's JIT compilations.
        CryptoKey.warmUp();
        Scratch scratch = SCRATCH.get();
        byte[] payload = data;
        int payloadOff = off;
        int payloadLen = len;
        int uncompressedLength = 0;
        if (len > 0 && repo.compresses(type)) { // never compress an empty blob (§7)
            payload = Scratch.atLeast(scratch.compressed, Zstd.compressBound(len));
            if (payload.length <= Scratch.RETAINED) scratch.compressed = payload;
            payloadOff = 0;
            payloadLen = Zstd.compressInto(data, off, len, compressionLevel, payload, 0);
            uncompressedLength = len;
        }
        int envelopeLength = Envelope.envelopeLength(payloadLen);
        // Sealed on this thread, in parallel with the other workers; only appending to the pack's spool file
        // and its incremental SHA-256 (which must see the blobs in pack order) happen under the lock.
        byte[] envelope = Scratch.atLeast(scratch.sealed, envelopeLength);
        if (envelope.length <= Scratch.RETAINED) scratch.sealed = envelope;
        key.seal(payload, payloadOff, payloadLen, envelope, 0);
        List<PackWriter> full = new ArrayList<>(1);
        synchronized (open) {
            PackWriter w = open.computeIfAbsent(type, this::newWriter);
            try {
                w.add(type, id, envelope, 0, envelopeLength, uncompressedLength);
            } catch (UncheckedIOException e) {
                pending.remove(k);
                throw new RepositoryException("saving to " + repo.backend().location() + " failed: " + e.getCause().getMessage(), e.getCause());
            }
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

    /** A recycled writer of {@code type} if one is spare, else a new one spooling to the temporary directory. */
    private PackWriter newWriter(BlobType type) {
        ArrayDeque<PackWriter> free = spare.get(type);
        PackWriter w = free == null ? null : free.pollFirst();
        if (w != null) return w;
        return PackWriter.spooled(type, spoolDirectory);
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
            boolean saved = false;
            try {
                FinishedPack pack = writer.finish(key);
                FileHandle h = FileHandle.of(FileType.PACK, pack.packId());
                repo.awaitWritesAllowed(FileType.PACK); // with its upload slot: the producers wait behind it
                repo.backend().save(h, pack.content());
                synchronized (unindexed) {
                    index.addPack(pack.packId(), pack.blobs());
                    unindexed.add(new IndexPack(pack.packId(), pack.blobs()));
                    unindexedBlobs += pack.blobs().size();
                }
                pack.blobs().forEach(b -> pending.remove(new BlobKey(b.type(), b.id())));
                saved = true;
                recycle(writer);
                if (unindexedBlobs >= INDEX_FULL_BLOBS) writeIndex();
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } catch (UncheckedIOException e) {
                failure.compareAndSet(null, e.getCause());
            } catch (RuntimeException e) {
                failure.compareAndSet(null, new IOException("pack upload failed: " + e, e));
            } finally {
                if (!saved) writer.release(); // deletes its spool file
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
        synchronized (open) { // spool files of packs never uploaded
            open.values().forEach(PackWriter::release);
            open.clear();
            spare.values().forEach(writers -> writers.forEach(PackWriter::release));
        }
    }
}

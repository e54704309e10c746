package io.jrestic.repair;

import io.jrestic.concurrent.Futures;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.IndexPack;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.InvalidPackException;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackReader;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code repair index} (restic 0.14: {@code rebuild-index}): a new index that describes exactly the pack files
 * the backend holds.
 *
 * <p>By default the old index is trusted for every pack whose file exists with the size the index implies; the
 * headers of the other packs are read, index entries of packs that no longer exist are dropped, and unreadable
 * index files are discarded. With {@code readAllPacks} the old index is ignored: every pack's header is read and,
 * beyond restic, every pack is read whole and verified (its name is the hash of its bytes, every blob decrypts and
 * hashes to its ID); damaged packs stay indexed and are reported for {@code repair packs}. Packs whose header cannot
 * be read (e.g. truncated by an interrupted upload) are left out. The new index files are saved before the old ones
 * are deleted. Requires an exclusive lock.
 */
public final class IndexRepair {
    private final Repository repo;
    private final RepairListener listener;

    /**
     * What the repair did.
     *
     * @param packsRead         packs whose header (or whole file) was read
     * @param packsRemoved      packs the old index listed that no longer exist
     * @param incompletePacks   packs left out because their header cannot be read
     * @param damagedPacks      packs with damaged content ({@code readAllPacks} only)
     * @param indexFilesWritten the new index files
     * @param indexFilesDeleted how many old index files were deleted
     */
    public record Result(int packsRead, int packsRemoved, List<Id> incompletePacks, List<Id> damagedPacks,
                         List<Id> indexFilesWritten, int indexFilesDeleted) {
        public Result {
            incompletePacks = List.copyOf(incompletePacks);
            damagedPacks = List.copyOf(damagedPacks);
            indexFilesWritten = List.copyOf(indexFilesWritten);
        }
    }

    IndexRepair(Repository repo, RepairListener listener) {
        this.repo = repo;
        this.listener = listener;
    }

    /** Rebuilds the index of {@code repo}; the caller holds an exclusive lock. */
    public static Result run(Repository repo, boolean readAllPacks, RepairListener listener) throws IOException {
        return new IndexRepair(repo, listener).run(readAllPacks);
    }

    private Result run(boolean readAllPacks) throws IOException {
        List<Id> oldIndexFiles = repo.list(FileType.INDEX);
        MasterIndex old = new MasterIndex();
        if (!readAllPacks) {
            listener.info("loading indexes...");
            for (Id id : oldIndexFiles) {
                try {
                    old.addIndexFile(repo.loadIndexFile(id));
                } catch (RepositoryCorruptException | NoSuchFileException e) {
                    listener.warn("removing invalid index " + id + ": " + e.getMessage());
                }
            }
        }

        listener.info("getting pack files to read...");
        Map<Id, Long> listed = new LinkedHashMap<>();
        repo.list(FileType.PACK, info -> listed.put(info.handle().id(), info.size()));
        List<IndexPack> packs = new ArrayList<>();
        Map<Id, Long> toRead = new LinkedHashMap<>();
        for (Map.Entry<Id, Long> e : listed.entrySet()) {
            Id pack = e.getKey();
            long indexed = old.packSize(pack);
            if (indexed == e.getValue()) {
                packs.add(new IndexPack(pack, old.blobsOfPack(pack).stream().map(IndexEntry::blob).toList()));
                continue;
            }
            if (!readAllPacks) {
                if (indexed < 0) listener.warn("adding pack file to index " + pack);
                else listener.warn("reindexing pack file " + pack + " with unexpected size " + e.getValue() + " instead of " + indexed);
            }
            toRead.put(pack, e.getValue());
        }
        int removed = 0;
        for (Id pack : old.packs()) {
            if (!listed.containsKey(pack)) {
                listener.warn("removing not found pack file " + pack);
                removed++;
            }
        }

        List<Id> incomplete = new ArrayList<>();
        List<Id> damaged = new ArrayList<>();
        if (!toRead.isEmpty()) {
            listener.info("reading pack files");
            for (PackRead r : readAll(toRead, readAllPacks)) {
                if (r.blobs == null) {
                    listener.warn("skipped incomplete pack file: " + r.pack + ": " + r.problem);
                    incomplete.add(r.pack);
                    continue;
                }
                if (r.problem != null) {
                    listener.warn("pack " + r.pack + " is damaged: " + r.problem);
                    damaged.add(r.pack);
                }
                packs.add(new IndexPack(r.pack, r.blobs));
            }
        }

        listener.info("rebuilding index");
        List<Id> written = IndexFiles.write(repo, packs);
        listener.info("deleting obsolete index files");
        int deleted = IndexFiles.delete(repo, oldIndexFiles, new HashSet<>(written));
        return new Result(toRead.size(), removed, incomplete, damaged, written, deleted);
    }

    /** One pack read: its blobs (null if the header is unreadable) and the first problem found, if any. */
    private record PackRead(Id pack, List<PackBlob> blobs, String problem) {
    }

    /** Reads the packs on as many threads as the backend wants connections; results in the given order. */
    private List<PackRead> readAll(Map<Id, Long> packs, boolean verify) throws IOException {
        int threads = Math.max(1, Math.min(packs.size(), repo.backend().connections()));
        List<PackRead> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("pack-read-", 0).factory())) {
            List<Future<PackRead>> futures = new ArrayList<>();
            for (Map.Entry<Id, Long> e : packs.entrySet()) {
                futures.add(pool.submit(() -> read(e.getKey(), e.getValue(), verify)));
            }
            for (Future<PackRead> f : futures) results.add(Futures.await(f));
        }
        return results;
    }

    private PackRead read(Id pack, long size, boolean verify) throws IOException {
        FileHandle h = FileHandle.of(FileType.PACK, pack);
        List<PackBlob> blobs;
        try {
            blobs = PackReader.readHeader(repo.backend(), h, size, repo.key());
        } catch (InvalidPackException | NoSuchFileException e) {
            return new PackRead(pack, null, e.getMessage());
        }
        return new PackRead(pack, blobs, verify ? verify(pack, size, blobs) : null);
    }

    /**
     * Reads a whole pack once, hashing every byte and decoding every blob; returns the first problem, or null.
     * Memory: one blob at a time.
     */
    String verify(Id pack, long size, List<PackBlob> blobs) throws IOException {
        FileHandle h = FileHandle.of(FileType.PACK, pack);
        MessageDigest sha = Id.sha256();
        String problem = null;
        List<PackBlob> ordered = new ArrayList<>(blobs);
        ordered.sort(Comparator.comparingLong(PackBlob::offset));
        try (InputStream in = repo.backend().openRange(h, 0, 0)) {
            long position = 0;
            for (PackBlob b : ordered) {
                if (b.offset() < position) return "blob " + b.id() + " overlaps the previous blob";
                position += hash(in, sha, b.offset() - position);
                byte[] envelope = in.readNBytes(b.length());
                sha.update(envelope);
                position += envelope.length;
                if (envelope.length != b.length()) return "file ends inside blob " + b.id();
                try {
                    repo.decodeBlob(h, b, envelope, 0);
                } catch (RepositoryCorruptException e) {
                    if (problem == null) problem = e.getMessage();
                }
            }
            position += hash(in, sha, Long.MAX_VALUE);
            if (position != size) return "read " + position + " bytes of a file listed with " + size;
        }
        if (!Id.of(sha).equals(pack)) return "content does not match its name (hash " + Id.of(sha).toShortString() + ")";
        return problem;
    }

    /** Feeds up to {@code count} bytes of {@code in} to {@code sha}; returns how many there were. */
    private static long hash(InputStream in, MessageDigest sha, long count) throws IOException {
        byte[] buf = new byte[64 << 10];
        long done = 0;
        while (done < count) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, count - done));
            if (n < 0) break;
            sha.update(buf, 0, n);
            done += n;
        }
        return done;
    }
}

package io.jrestic.prune;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.compress.Zstd;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.IndexPack;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.FinishedPack;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackWriter;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies blobs out of packs that are going away into new packs (§18.2 step 2): each blob is read, decrypted and
 * verified against its ID, compressed as this process compresses, sealed with a fresh nonce and written into a
 * pack of its type. {@link #flush()} saves the last packs and then an index for all new packs, so the copies are
 * durable and indexed before anything refers to them being the only ones.
 *
 * <p>Why not {@link io.jrestic.repository.BlobSaver}: it skips every blob the index already has, and the blobs
 * copied here are in the index by definition (in the packs being repacked). Not thread-safe.
 */
final class Repacker {
    /** Largest range read from a pack at once; blobs further apart are read separately. */
    static final int MAX_READ = 16 << 20;

    private final Repository repo;
    private final PruneListener listener;
    private final long packTarget;
    private final int compressionLevel;
    private final Map<BlobType, PackWriter> open = new EnumMap<>(BlobType.class);
    private final List<IndexPack> saved = new ArrayList<>();

    /** The packs written and the index files describing them. */
    record Result(List<IndexPack> packs, List<Id> indexFiles) {
    }

    Repacker(Repository repo, PruneListener listener) {
        this.repo = repo;
        this.listener = listener;
        this.packTarget = repo.settings().packSize();
        this.compressionLevel = repo.settings().compression().level();
    }

    /**
     * Copies the blobs of {@code packId} listed in {@code entries} that are still in {@code toCopy}, removing
     * each from {@code toCopy} once it is in a new pack (so a blob stored in several repacked packs is copied
     * once).
     */
    void repack(Id packId, List<IndexEntry> entries, Set<BlobHandle> toCopy) throws IOException {
        List<PackBlob> wanted = new ArrayList<>();
        for (IndexEntry e : entries) {
            if (toCopy.contains(new BlobHandle(e.type(), e.id()))) wanted.add(e.blob());
        }
        wanted.sort(Comparator.comparingLong(PackBlob::offset));
        FileHandle pack = FileHandle.of(FileType.PACK, packId);
        int i = 0;
        while (i < wanted.size()) {
            long start = wanted.get(i).offset();
            int j = i + 1;
            while (j < wanted.size() && wanted.get(j).end() - start <= MAX_READ) j++;
            long end = wanted.get(j - 1).end();
            byte[] range = repo.backend().loadRange(pack, start, Math.toIntExact(end - start));
            for (int k = i; k < j; k++) {
                PackBlob b = wanted.get(k);
                BlobHandle h = new BlobHandle(b.type(), b.id());
                if (!toCopy.contains(h)) continue;
                byte[] plain = decode(pack, b, range, (int) (b.offset() - start));
                write(b.type(), b.id(), plain);
                toCopy.remove(h);
            }
            i = j;
        }
    }

    /** Verifies one blob; if this copy is damaged, any other copy the index knows will do. */
    private byte[] decode(FileHandle pack, PackBlob b, byte[] range, int off) throws IOException {
        try {
            return repo.decodeBlob(pack, b, range, off);
        } catch (RepositoryCorruptException damaged) {
            try {
                return repo.loadBlob(b.type(), b.id());
            } catch (IOException noOtherCopy) {
                throw new PruneException("cannot repack: " + damaged.getMessage() + " (and no intact copy elsewhere)", damaged);
            }
        }
    }

    private void write(BlobType type, Id id, byte[] plain) throws IOException {
        PackWriter w = open.computeIfAbsent(type, PackWriter::new);
        if (plain.length > 0 && repo.compresses(type)) { // never compress an empty blob (§7)
            byte[] compressed = Zstd.compress(plain, 0, plain.length, compressionLevel);
            w.seal(type, id, repo.key(), compressed, 0, compressed.length, plain.length);
        } else {
            w.seal(type, id, repo.key(), plain, 0, plain.length, 0);
        }
        if (w.isFull(packTarget)) save(w);
    }

    private void save(PackWriter w) throws IOException {
        FinishedPack pack = w.finish(repo.key());
        try {
            repo.backend().save(pack.handle(), pack.content());
        } catch (FileAlreadyExistsException e) {
            // Same name means same bytes: an earlier run saved exactly this pack.
        }
        saved.add(new IndexPack(pack.packId(), pack.blobs()));
        w.reset();
        listener.checkpoint(PruneListener.Checkpoint.REPACKED_PACK_SAVED);
    }

    /** Saves the partly filled packs, then index files for every pack written. */
    Result flush() throws IOException {
        for (PackWriter w : open.values()) {
            if (!w.isEmpty()) save(w);
        }
        open.clear();
        List<Id> indexFiles = IndexWriter.write(repo, saved, listener, PruneListener.Checkpoint.REPACK_INDEX_SAVED);
        return new Result(List.copyOf(saved), indexFiles);
    }
}

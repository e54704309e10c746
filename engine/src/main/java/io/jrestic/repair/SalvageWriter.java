package io.jrestic.repair;

import io.jrestic.compress.Zstd;
import io.jrestic.id.Id;
import io.jrestic.index.IndexPack;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.FinishedPack;
import io.jrestic.pack.PackWriter;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Packs verified blob plaintexts into new packs, compressed as this process compresses. Unlike
 * {@link io.jrestic.repository.BlobSaver} it stores blobs the index already knows: the salvaged blobs are indexed
 * in the damaged packs they come from. Not thread-safe.
 */
final class SalvageWriter {
    private final Repository repo;
    private final Map<BlobType, PackWriter> open = new EnumMap<>(BlobType.class);
    private final List<IndexPack> saved = new ArrayList<>();

    SalvageWriter(Repository repo) {
        this.repo = repo;
    }

    void write(BlobType type, Id id, byte[] plain) throws IOException {
        PackWriter w = open.computeIfAbsent(type, PackWriter::new);
        if (plain.length > 0 && repo.compresses(type)) { // never compress an empty blob (§7)
            byte[] compressed = Zstd.compress(plain, 0, plain.length, repo.settings().compression().level());
            w.seal(type, id, repo.key(), compressed, 0, compressed.length, plain.length);
        } else {
            w.seal(type, id, repo.key(), plain, 0, plain.length, 0);
        }
        if (w.isFull(repo.settings().packSize())) save(w);
    }

    private void save(PackWriter w) throws IOException {
        FinishedPack pack = w.finish(repo.key());
        try {
            repo.backend().save(pack.handle(), pack.content());
        } catch (FileAlreadyExistsException e) {
            // same name, same bytes: saved by an earlier, interrupted run
        }
        saved.add(new IndexPack(pack.packId(), pack.blobs()));
        w.reset();
    }

    /** Saves the partly filled packs; returns every pack written. */
    List<IndexPack> finish() throws IOException {
        for (PackWriter w : open.values()) {
            if (!w.isEmpty()) save(w);
        }
        open.clear();
        return List.copyOf(saved);
    }
}

package io.jrestic.prune;

import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexFile;
import io.jrestic.index.IndexPack;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Writes index files describing a list of packs, a pack never split across files (§9). */
final class IndexWriter {
    /** restic starts a new index file once one holds this many blobs (§9.2). */
    static final int FULL_BLOBS = 50_000;

    private IndexWriter() {
    }

    /** Saves the index files for {@code packs}, reporting {@code checkpoint} after each; returns their IDs. */
    static List<Id> write(Repository repo, List<IndexPack> packs, PruneListener listener,
                          PruneListener.Checkpoint checkpoint) throws IOException {
        List<Id> written = new ArrayList<>();
        for (List<IndexPack> chunk : chunks(packs, FULL_BLOBS)) {
            written.add(repo.saveUnpacked(FileType.INDEX, IndexFile.of(chunk).toJson()));
            listener.checkpoint(checkpoint);
        }
        return written;
    }

    /** Consecutive groups of packs of at most {@code maxBlobs} blobs (a larger pack gets a group of its own). */
    static List<List<IndexPack>> chunks(List<IndexPack> packs, int maxBlobs) {
        List<List<IndexPack>> out = new ArrayList<>();
        List<IndexPack> current = new ArrayList<>();
        int blobs = 0;
        for (IndexPack p : packs) {
            if (!current.isEmpty() && blobs + p.blobs().size() > maxBlobs) {
                out.add(current);
                current = new ArrayList<>();
                blobs = 0;
            }
            current.add(p);
            blobs += p.blobs().size();
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }
}

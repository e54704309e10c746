package io.jrestic.repair;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexFile;
import io.jrestic.index.IndexPack;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Replacing a repository's index files: the new set is saved completely before any old file is deleted. */
final class IndexFiles {
    /** restic starts a new index file once one holds this many blobs (§9.2). */
    static final int FULL_BLOBS = 50_000;

    private IndexFiles() {
    }

    /** Saves index files describing {@code packs} (a pack never split across files); returns their IDs. */
    static List<Id> write(Repository repo, List<IndexPack> packs) throws IOException {
        List<Id> written = new ArrayList<>();
        List<IndexPack> current = new ArrayList<>();
        int blobs = 0;
        for (IndexPack p : packs) {
            if (!current.isEmpty() && blobs + p.blobs().size() > FULL_BLOBS) {
                written.add(repo.saveUnpacked(FileType.INDEX, IndexFile.of(current).toJson()));
                current = new ArrayList<>();
                blobs = 0;
            }
            current.add(p);
            blobs += p.blobs().size();
        }
        if (!current.isEmpty()) written.add(repo.saveUnpacked(FileType.INDEX, IndexFile.of(current).toJson()));
        return written;
    }

    /** Deletes the index files {@code obsolete} except any in {@code keep}; returns how many were deleted. */
    static int delete(Repository repo, Collection<Id> obsolete, Collection<Id> keep) throws IOException {
        int deleted = 0;
        for (Id id : obsolete) {
            if (keep.contains(id)) continue;
            repo.backend().remove(FileHandle.of(FileType.INDEX, id));
            deleted++;
        }
        return deleted;
    }
}

package io.jrestic.repository;

import io.jrestic.concurrent.Futures;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.snapshot.IdPrefix;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.snapshot.SnapshotFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Loading snapshots from a repository and resolving what users name them by: an ID prefix or "latest". */
public final class Snapshots {
    private Snapshots() {
    }

    public static Snapshot load(Repository repo, Id id) throws IOException {
        byte[] json = repo.loadUnpacked(FileType.SNAPSHOT, id);
        try {
            return SnapshotCodec.decode(json);
        } catch (IllegalArgumentException e) {
            throw new RepositoryCorruptException(repo.backend().location() + ": snapshots/" + id + ": " + e.getMessage(), e);
        }
    }

    /** Loads every snapshot, several at once; sorted by time, oldest first. */
    public static List<IdentifiedSnapshot> loadAll(Repository repo) throws IOException {
        List<Id> ids = repo.list(FileType.SNAPSHOT);
        List<IdentifiedSnapshot> out = new ArrayList<>(ids.size());
        int threads = Math.max(1, Math.min(ids.size(), 8));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("snapshot-load-", 0).factory())) {
            List<Future<Snapshot>> futures = new ArrayList<>();
            for (Id id : ids) futures.add(pool.submit(() -> load(repo, id)));
            for (int i = 0; i < ids.size(); i++) out.add(new IdentifiedSnapshot(ids.get(i), Futures.await(futures.get(i))));
        }
        out.sort(IdentifiedSnapshot.BY_TIME);
        return out;
    }

    /** Resolves "latest" (newest matching the filter) or a unique ID prefix. */
    public static IdentifiedSnapshot find(Repository repo, String name, SnapshotFilter filter) throws IOException {
        if (name.equals("latest")) {
            return filter.latest(loadAll(repo)).orElseThrow(() -> new java.nio.file.NoSuchFileException(
                    "latest", null, "no snapshot found"));
        }
        Id id;
        try {
            id = IdPrefix.resolve(name, repo.list(FileType.SNAPSHOT));
        } catch (IllegalArgumentException e) {
            throw new java.nio.file.NoSuchFileException(name, null, e.getMessage());
        }
        return new IdentifiedSnapshot(id, load(repo, id));
    }
}

package io.jrestic.prune;

import io.jrestic.backend.FileType;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.index.MasterIndex;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prune of one repository: {@link #prepare} reads the index, the snapshots and the pack listing and plans;
 * {@link #execute()} carries the plan out. The caller holds an exclusive lock for both (restic-format §14.2).
 */
public final class Pruner {
    private final Repository repo;
    private final MasterIndex index;
    private final PrunePlan plan;
    private final PruneListener listener;
    private final int snapshotCount;

    private Pruner(Repository repo, MasterIndex index, PrunePlan plan, PruneListener listener, int snapshotCount) {
        this.repo = repo;
        this.index = index;
        this.plan = plan;
        this.listener = listener;
        this.snapshotCount = snapshotCount;
    }

    /** Checks options against the repository and plans the prune. */
    public static Pruner prepare(Repository repo, PruneOptions options, PruneListener listener) throws IOException {
        if (options.repackUncompressed()) {
            if (repo.version() < Config.VERSION_2) {
                throw new PruneException("compression requires at least repository format version 2");
            }
            if (!repo.settings().compression().compressesData()) {
                throw new PruneException("disabled compression and `--repack-uncompressed` are mutually exclusive");
            }
        }
        listener.step(PruneListener.Step.LOADING_INDEX, -1);
        Set<Id> indexFiles = new HashSet<>(repo.list(FileType.INDEX));
        MasterIndex index = repo.loadIndex();
        if (!indexFiles.equals(new HashSet<>(repo.list(FileType.INDEX)))) {
            throw new PruneException(repo.backend().location() + ": index files changed while loading them;"
                    + " is another process writing without a lock?");
        }

        listener.step(PruneListener.Step.LOADING_SNAPSHOTS, -1);
        List<IdentifiedSnapshot> snapshots = Snapshots.loadAll(repo);
        listener.step(PruneListener.Step.FINDING_USED_BLOBS, snapshots.size());
        List<Id> roots = new ArrayList<>(snapshots.size());
        for (IdentifiedSnapshot s : snapshots) roots.add(s.snapshot().tree());
        Set<BlobHandle> used = UsedBlobs.find(repo, roots);

        listener.step(PruneListener.Step.SEARCHING_USED_PACKS, -1);
        Map<Id, Long> packFiles = new LinkedHashMap<>();
        repo.list(FileType.PACK, info -> packFiles.put(info.handle().id(), info.size()));
        listener.step(PruneListener.Step.COLLECTING_PACKS, packFiles.size());
        PrunePlan plan = PrunePlanner.plan(index, packFiles, used, new ArrayList<>(indexFiles), repo.version(),
                repo.settings().packSize(), options);
        return new Pruner(repo, index, plan, listener, snapshots.size());
    }

    public PrunePlan plan() {
        return plan;
    }

    public int snapshotCount() {
        return snapshotCount;
    }

    /** Carries the plan out (§18.2). */
    public PruneResult execute() throws IOException {
        return PruneExecutor.execute(repo, index, plan, listener);
    }
}

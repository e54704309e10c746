package io.jrestic.walker;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.BackupListener;
import io.jrestic.archiver.BackupOptions;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Test helper: a fresh repository in memory and snapshots of directories made with the real {@link Archiver}. */
public final class SnapshotFixture {
    /** Cheap key derivation: these tests are about trees and data, not about keys. */
    public static final KdfParams FAST_KDF = new KdfParams(1024, 8, 1);
    public static final byte[] PASSWORD = "test".getBytes(StandardCharsets.UTF_8);

    private SnapshotFixture() {
    }

    public static Repository newRepository(MemoryBackend backend) throws IOException {
        return Repository.init(backend, PASSWORD, 2, null, FAST_KDF, Repository.Settings.DEFAULT);
    }

    /** Backs up {@code dir} (absolute) and returns the snapshot; the index is current afterwards. */
    public static Snapshot backup(Repository repo, Path dir) throws IOException {
        Archiver.Result result;
        try (BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), BackupListener.NONE)) {
            result = archiver.backup(List.of(dir.toAbsolutePath().toString()), null, null);
        }
        repo.loadIndex();
        return result.snapshot();
    }

    /** The tree of {@code dir} itself inside the snapshot (its absolute path is the path in the snapshot). */
    public static Id treeOf(Repository repo, Snapshot snapshot, Path dir) throws IOException {
        return new TreeWalker(repo).subtree(snapshot.tree(), dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
    }
}

package io.jrestic.backend.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.BackupListener;
import io.jrestic.archiver.BackupOptions;
import io.jrestic.backend.Backend;
import io.jrestic.backend.s3.RepositoryRoundTrip;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.restorer.RestoreListener;
import io.jrestic.restorer.RestoreOptions;
import io.jrestic.restorer.RestoreResult;
import io.jrestic.restorer.RestoreSelector;
import io.jrestic.restorer.Restorer;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What the CLI's backup and restore do, through the engine API, for tests that run them against remote backends:
 * a small source tree, a backup under a lock with the newest snapshot of the same paths as parent, and a full
 * restore. The password is {@link RepositoryRoundTrip#PASSWORD}, so its {@code restic} helper can check the result.
 */
public final class Workload {
    /** Cheap scrypt parameters: key derivation is not what these tests are about. */
    private static final KdfParams FAST_KDF = new KdfParams(1024, 8, 1);

    private Workload() {
    }

    /** Writes a 1.5 MiB random file, a text file and a nested directory below {@code dir}. */
    public static Path sourceTree(Path dir, long seed) throws IOException {
        byte[] big = new byte[3 << 19];
        new Random(seed).nextBytes(big);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.write(dir.resolve("big.bin"), big);
        Files.writeString(dir.resolve("notes.txt"), "notes of run " + seed + "\n");
        Files.writeString(dir.resolve("sub/deeper/small.txt"), "small\n".repeat(100));
        return dir;
    }

    public static void init(Backend backend) throws IOException {
        Repository.init(backend, RepositoryRoundTrip.PASSWORD, 2, null, FAST_KDF, Repository.Settings.DEFAULT).close();
    }

    public static Repository open(Backend backend) throws IOException {
        return Repository.open(backend, RepositoryRoundTrip.PASSWORD, null, Repository.Settings.DEFAULT);
    }

    /** Backs up {@code source} under a shared lock, with the newest snapshot of the same path as parent. */
    public static Id backup(Repository repo, Path source) throws IOException {
        try (RepositoryLock lock = RepositoryLock.acquire(repo, false)) {
            IdentifiedSnapshot parent = Snapshots.loadAll(repo).stream()
                    .filter(s -> s.snapshot().paths().equals(List.of(source.toString())))
                    .max(Comparator.comparing(s -> s.snapshot().time()))
                    .orElse(null);
            repo.loadIndex();
            try (BlobSaver saver = repo.newBlobSaver();
                 Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), BackupListener.NONE)) {
                return archiver.backup(List.of(source.toString()),
                        parent == null ? null : parent.snapshot(), parent == null ? null : parent.id()).snapshotId();
            }
        }
    }

    /** Restores the newest snapshot into {@code target}; the source's absolute path is recreated below it. */
    public static RestoreResult restore(Repository repo, Path target, RestoreListener listener) throws IOException {
        try (RepositoryLock lock = RepositoryLock.acquire(repo, false)) {
            IdentifiedSnapshot latest = Snapshots.loadAll(repo).getLast();
            repo.loadIndex();
            return new Restorer(repo, latest.snapshot().tree(), RestoreSelector.all(), RestoreOptions.DEFAULT, listener)
                    .restoreTo(target.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Asserts that {@code restored} holds the same files with the same content as {@code source}. */
    public static void assertSameFiles(Path source, Path restored) throws IOException {
        List<Path> expected = files(source);
        assertEquals(expected, files(restored), "files restored to " + restored);
        for (Path p : expected) {
            assertArrayEquals(Files.readAllBytes(source.resolve(p)), Files.readAllBytes(restored.resolve(p)), p.toString());
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}

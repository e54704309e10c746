package io.jrestic.backend.lifecycle;

import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.fault.S3Server;
import io.jrestic.backend.fault.Workload;
import io.jrestic.backend.gcs.GcsBackendFactory;
import io.jrestic.backend.gcs.fake.FakeGcsServer;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.rest.RcloneRestServer;
import io.jrestic.backend.s3.RepositoryRoundTrip;
import io.jrestic.checker.CheckListener;
import io.jrestic.checker.Checker;
import io.jrestic.checker.Finding;
import io.jrestic.checker.PackSubset;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.prune.PackAction;
import io.jrestic.prune.PruneListener;
import io.jrestic.prune.PruneOptions;
import io.jrestic.prune.PruneResult;
import io.jrestic.prune.Pruner;
import io.jrestic.prune.UnusedLimit;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.restorer.RestoreListener;
import io.jrestic.restorer.RestoreResult;
import io.jrestic.snapshot.IdentifiedSnapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository's whole life on S3 (S3Proxy), REST ({@code rclone serve restic}, skipped without rclone) and GCS
 * (the fake server), through the engine API as the CLI drives it: init, two backups with one file changed in
 * between, snapshot listing, restore, forget of the older snapshot and prune with max-unused 0, check with
 * read-data, and a second restore after the prune.
 */
class RepositoryLifecycleTest {
    /** Cheap scrypt parameters: key derivation is not what this test is about. */
    private static final KdfParams FAST_KDF = new KdfParams(1024, 8, 1);

    @TempDir
    Path temp;

    /** A running server and how to open a fresh backend on one repository in it. */
    private interface Server extends AutoCloseable {
        Backend open() throws IOException;
    }

    enum Kind {
        S3 {
            @Override
            Server start(Path dir) throws Exception {
                S3Server server = new S3Server(Files.createDirectories(dir));
                return new Server() {
                    @Override
                    public Backend open() throws IOException {
                        return BackendRegistry.open("s3:" + server.endpoint() + "/lifecycle", Map.of(),
                                S3Server.environment());
                    }

                    @Override
                    public void close() throws Exception {
                        server.close();
                    }
                };
            }
        },
        REST {
            @Override
            Server start(Path dir) throws Exception {
                RcloneRestServer server = RcloneRestServer.start(Files.createDirectories(dir));
                return new Server() {
                    @Override
                    public Backend open() throws IOException {
                        return BackendRegistry.open("rest:" + server.url() + "lifecycle/", Map.of(), Map.of());
                    }

                    @Override
                    public void close() throws Exception {
                        server.close();
                    }
                };
            }
        },
        GCS {
            @Override
            Server start(Path dir) throws Exception {
                FakeGcsServer server = FakeGcsServer.start();
                Map<String, String> environment = Map.of(
                        GcsBackendFactory.EMULATOR_HOST_VARIABLE, server.endpoint(),
                        GcsBackendFactory.PROJECT_ID_VARIABLE, "test-project");
                return new Server() {
                    @Override
                    public Backend open() throws IOException {
                        return BackendRegistry.open("gs:bkt:/restic/lifecycle", Map.of(), environment);
                    }

                    @Override
                    public void close() {
                        server.close();
                    }
                };
            }
        };

        abstract Server start(Path dir) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void initBackupRestoreForgetPruneCheckRestore(Kind kind) throws Exception {
        Path source = Workload.sourceTree(Files.createDirectories(temp.resolve("source")), 7);
        try (Server server = kind.start(temp.resolve("served"))) {
            // 1. init
            Repository.init(server.open(), RepositoryRoundTrip.PASSWORD, 2, null, FAST_KDF, Repository.Settings.DEFAULT)
                    .close();

            try (Repository repo = Workload.open(server.open())) {
                // 2. two backups, one file changed in between (the old content becomes unused once forgotten)
                Id first = Workload.backup(repo, source);
                Files.writeString(source.resolve("notes.txt"), "notes, changed after the first backup: "
                        + new Random(1).nextLong() + "\n");
                Id second = Workload.backup(repo, source);
                assertNotEquals(first, second);

                // 3. both snapshots, the newest with the second tree
                List<IdentifiedSnapshot> snapshots = Snapshots.loadAll(repo);
                assertEquals(List.of(first, second), snapshots.stream().map(IdentifiedSnapshot::id).toList());
                assertNotEquals(snapshots.get(0).snapshot().tree(), snapshots.get(1).snapshot().tree());
                assertEquals(Snapshots.load(repo, second).tree(), snapshots.getLast().snapshot().tree());
                assertEquals(List.of(source.toString()), snapshots.getLast().snapshot().paths());

                // 4. restore the newest, every file byte for byte
                assertRestores(repo, source, temp.resolve("restore-1"));

                // 5. forget the older snapshot, prune with max-unused 0
                repo.backend().remove(FileHandle.of(FileType.SNAPSHOT, first));
                assertEquals(List.of(second), Snapshots.loadAll(repo).stream().map(IdentifiedSnapshot::id).toList());
                PruneOptions options = PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.bytes(0));
                try (RepositoryLock lock = RepositoryLock.acquire(repo, true)) {
                    Pruner pruner = Pruner.prepare(repo, options, PruneListener.NONE);
                    assertEquals(1, pruner.snapshotCount());
                    assertFalse(pruner.plan().isEmpty(), "the forgotten snapshot left something to prune");
                    assertTrue(pruner.plan().statistics().unused().blobs() > 0, pruner.plan().statistics().toString());
                    assertFalse(pruner.plan().packs(PackAction.REPACK).isEmpty()
                            && pruner.plan().packs(PackAction.REMOVE).isEmpty(), pruner.plan().actions().toString());
                    PruneResult result = pruner.execute();
                    assertTrue(result.packsDeleted() > 0, result.toString());
                    assertTrue(result.indexFilesWritten() > 0, result.toString());

                    // nothing unused is left: a second plan is empty
                    Pruner again = Pruner.prepare(repo, options, PruneListener.NONE);
                    assertTrue(again.plan().isEmpty(), again.plan().actions().toString());
                    assertEquals(0, again.plan().statistics().unused().blobs(), again.plan().statistics().toString());
                }
            }

            try (Repository repo = Workload.open(server.open())) {
                // 6. check with read-data: no errors (and no hints: prune left nothing unused)
                List<Finding> findings = new ArrayList<>();
                List<Id> packsRead = new ArrayList<>();
                CheckListener listener = new CheckListener() {
                    @Override
                    public void finding(Finding f) {
                        findings.add(f);
                    }

                    @Override
                    public void packRead(Id pack) {
                        packsRead.add(pack);
                    }
                };
                Checker.Summary summary;
                try (RepositoryLock lock = RepositoryLock.acquire(repo, false)) {
                    summary = new Checker(repo, Checker.Options.forRepository(repo).withCheckUnused(true))
                            .run(PackSubset.ALL, new Random(1), listener);
                }
                assertEquals(new Checker.Summary(0, 0), summary, findings.toString());
                assertEquals(List.of(), findings);
                assertEquals(repo.list(FileType.PACK).size(), packsRead.size(), "read-data read every pack");

                // 7. restore again after the prune
                assertRestores(repo, source, temp.resolve("restore-2"));
            }
        }
    }

    private static void assertRestores(Repository repo, Path source, Path target) throws IOException {
        List<String> errors = new ArrayList<>();
        RestoreResult result = Workload.restore(repo, target, new RestoreListener() {
            @Override
            public void error(String location, Exception cause) {
                errors.add(location + ": " + cause);
            }
        });
        assertEquals(List.of(), errors);
        assertEquals(0, result.errors());
        assertEquals(3, result.files());
        Workload.assertSameFiles(source, target.resolve(source.toString().substring(1)));
    }
}

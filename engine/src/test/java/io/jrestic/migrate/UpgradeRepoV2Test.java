package io.jrestic.migrate;

import io.jrestic.backend.ForwardingBackend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.rewrite.SnapshotFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code migrate upgrade_repo_v2}: only the config changes, and a failed save puts the old one back. */
class UpgradeRepoV2Test {
    private final UpgradeRepoV2 migration = new UpgradeRepoV2();

    @Test
    void aVersion1RepositoryBecomesVersion2WithItsIdAndPolynomialAndThenCompresses() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_1).backup();
        Config before;
        try (Repository repo = f.open()) {
            before = repo.config();
            assertTrue(migration.reasonNotApplicable(repo).isEmpty());
            migration.apply(repo);
        }
        try (Repository repo = f.open()) {
            assertEquals(new Config(2, before.id(), before.chunkerPolynomial()), repo.config());
            assertEquals("repository is already upgraded to version 2", migration.reasonNotApplicable(repo).orElseThrow());
            assertEquals(Id.hash(repo.loadBlob(BlobType.DATA, f.contentA.getFirst())), f.contentA.getFirst(),
                    "old uncompressed blobs stay readable");
            byte[] text = "compressible ".repeat(1000).getBytes();
            Id id;
            try (BlobSaver s = repo.newBlobSaver()) {
                id = s.save(BlobType.DATA, text, 0, text.length).id();
                s.flush();
            }
            assertTrue(repo.index().lookup(BlobType.DATA, id).orElseThrow().isCompressed());
        }
        assertEquals(List.of(), leftBackups(), "the local copy of the old config is gone");
    }

    @Test
    void aFailedSavePutsTheOldConfigBackAndKeepsALocalCopy() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_1);
        byte[] oldConfig = f.backend.bytes(FileHandle.CONFIG);
        Backend failing = new ConfigSaveFailsOnce(f.backend);
        try (Repository repo = Repository.open(failing, SnapshotFixture.PASSWORD, null, SnapshotFixture.settings())) {
            MigrationException e = assertThrows(MigrationException.class, () -> migration.apply(repo));
            assertTrue(e.getMessage().contains("the old config was put back"), e.getMessage());
            Path copy = Path.of(e.getMessage().substring(e.getMessage().lastIndexOf(" in ") + 4));
            assertArrayEquals(oldConfig, Files.readAllBytes(copy));
            Files.delete(copy);
            Files.delete(copy.getParent());
        }
        assertArrayEquals(oldConfig, f.backend.bytes(FileHandle.CONFIG));
    }

    @Test
    void aVersion2RepositoryIsRefused() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2);
        try (Repository repo = f.open()) {
            assertThrows(MigrationException.class, () -> migration.apply(repo));
        }
        assertEquals(List.of("upgrade_repo_v2"), Migrations.all().stream().map(Migration::name).toList());
        assertEquals(migration.name(), Migrations.find("upgrade_repo_v2").orElseThrow().name());
    }

    private static List<Path> leftBackups() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith(UpgradeRepoV2.BACKUP_PREFIX))
                    .filter(p -> Files.exists(p.resolve("config"))).toList();
        }
    }

    /** A backend whose first save of the config fails, as a dropped connection would. */
    private static final class ConfigSaveFailsOnce extends ForwardingBackend {
        private boolean failed;

        ConfigSaveFailsOnce(MemoryBackend inner) {
            super(inner);
        }

        @Override
        public void save(FileHandle handle, ByteSource content) throws IOException {
            if (handle.type() == FileType.CONFIG && !failed) {
                failed = true;
                throw new IOException("connection reset");
            }
            super.save(handle, content);
        }
    }
}

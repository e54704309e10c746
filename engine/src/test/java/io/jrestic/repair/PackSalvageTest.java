package io.jrestic.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.rewrite.SnapshotFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair packs}: intact blobs move to new packs, the damaged pack leaves the index and the backend. */
class PackSalvageTest {
    @TempDir
    Path copies;

    @Test
    void theIntactBlobOfADamagedPackIsSalvagedAndTheDamagedOneIsLost() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        FileHandle a = FileHandle.of(FileType.PACK, f.packOfA);
        byte[] original = f.backend.bytes(a);
        byte[] damaged = original.clone();
        damaged[20] ^= 1; // inside the first of the two blobs
        f.backend.replace(a, damaged);
        PackSalvage.Result r;
        try (Repository repo = f.open()) {
            r = PackSalvage.run(repo, Set.of(f.packOfA), copies, RepairListener.NONE);
        }
        assertEquals(1, r.blobsSalvaged());
        assertEquals(1, r.blobsLost());
        assertEquals(1, r.packsWritten().size());
        assertEquals(List.of(f.packOfA), r.packsRemoved());
        assertEquals(List.of(damaged.length), List.of(Files.readAllBytes(copies.resolve("pack-" + f.packOfA)).length),
                "a copy of the damaged file is kept");
        try (Repository repo = f.open()) {
            assertFalse(repo.list(FileType.PACK).contains(f.packOfA));
            assertFalse(repo.index().hasPack(f.packOfA));
            assertEquals(r.indexFilesWritten(), repo.list(FileType.INDEX));
            assertThrows(RepositoryCorruptException.class, () -> repo.loadBlob(BlobType.DATA, f.contentA.get(0)));
            assertEquals(Id.hash(repo.loadBlob(BlobType.DATA, f.contentA.get(1))), f.contentA.get(1));
            assertTrue(repo.index().hasPack(f.packOfB), "other packs stay indexed");
        }
    }

    @Test
    void aPackWhoseFileIsGoneIsDroppedFromTheIndex() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        f.backend.remove(FileHandle.of(FileType.PACK, f.packOfB));
        PackSalvage.Result r;
        try (Repository repo = f.open()) {
            r = PackSalvage.run(repo, Set.of(f.packOfB), null, RepairListener.NONE);
        }
        assertEquals(0, r.blobsSalvaged());
        assertEquals(1, r.blobsLost());
        assertTrue(r.packsWritten().isEmpty());
        try (Repository repo = f.open()) {
            assertFalse(repo.index().hasPack(f.packOfB));
        }
    }
}

package io.jrestic.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.rewrite.SnapshotFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code repair index}: the new index describes exactly the packs that exist, and replaces the old files. */
class IndexRepairTest {
    private final List<String> warnings = new ArrayList<>();
    private final RepairListener listener = new RepairListener() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
            warnings.add(line);
        }
    };

    /** Every blob of every pack file, as the pack headers list them: what the index must hold. */
    private static Set<String> entries(Repository repo) throws Exception {
        MasterIndex index = repo.loadIndex();
        Set<String> all = new HashSet<>();
        index.forEach(e -> all.add(e.packId() + " " + e.blob()));
        return all;
    }

    @Test
    void withoutAnyIndexFileEveryPackIsReadFromItsHeader() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        Set<String> before;
        try (Repository repo = f.open()) {
            before = entries(repo);
            for (Id id : repo.list(FileType.INDEX)) f.backend.remove(FileHandle.of(FileType.INDEX, id));
            IndexRepair.Result r = IndexRepair.run(repo, false, listener);
            assertEquals(4, r.packsRead());
            assertEquals(1, r.indexFilesWritten().size());
            assertEquals(0, r.indexFilesDeleted());
            assertEquals(4, warnings.stream().filter(w -> w.startsWith("adding pack file to index ")).count());
        }
        try (Repository repo = f.open()) {
            assertEquals(before, entries(repo));
            for (Id blob : f.contentA) repo.loadBlob(BlobType.DATA, blob);
        }
    }

    @Test
    void packsThatAreGoneLeaveTheIndexAndOldIndexFilesAreReplaced() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        try (Repository repo = f.open()) {
            List<Id> oldFiles = repo.list(FileType.INDEX);
            f.backend.remove(FileHandle.of(FileType.PACK, f.packOfB));
            IndexRepair.Result r = IndexRepair.run(repo, false, listener);
            assertEquals(0, r.packsRead(), "the index is trusted for packs of the right size");
            assertEquals(1, r.packsRemoved());
            assertEquals(List.of("removing not found pack file " + f.packOfB), warnings);
            assertEquals(oldFiles.size(), r.indexFilesDeleted());
            assertEquals(r.indexFilesWritten(), repo.list(FileType.INDEX));
        }
        try (Repository repo = f.open()) {
            assertFalse(repo.index().hasPack(f.packOfB));
            assertTrue(repo.index().hasPack(f.packOfA));
        }
    }

    @Test
    void aTruncatedPackIsLeftOutAndAResizedOneIsReread() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        FileHandle b = FileHandle.of(FileType.PACK, f.packOfB);
        byte[] bytes = f.backend.bytes(b);
        f.backend.replace(b, Arrays.copyOf(bytes, bytes.length - 10));
        try (Repository repo = f.open()) {
            IndexRepair.Result r = IndexRepair.run(repo, false, listener);
            assertEquals(List.of(f.packOfB), r.incompletePacks());
            assertTrue(warnings.getFirst().startsWith("reindexing pack file " + f.packOfB + " with unexpected size"), warnings.toString());
        }
        try (Repository repo = f.open()) {
            assertFalse(repo.index().hasPack(f.packOfB));
            assertEquals(3, repo.index().packCount());
        }
    }

    @Test
    void readAllPacksIgnoresTheOldIndexAndReportsDamagedContent() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_2).backup();
        FileHandle c = FileHandle.of(FileType.PACK, f.packOfC);
        byte[] bytes = f.backend.bytes(c);
        bytes[20] ^= 1; // inside the only blob, before the header
        f.backend.replace(c, bytes);
        Set<String> before;
        try (Repository repo = f.open()) {
            before = entries(repo);
            IndexRepair.Result r = IndexRepair.run(repo, true, listener);
            assertEquals(4, r.packsRead());
            assertEquals(List.of(f.packOfC), r.damagedPacks());
            assertTrue(warnings.getFirst().startsWith("pack " + f.packOfC + " is damaged: "), warnings.toString());
        }
        try (Repository repo = f.open()) {
            assertEquals(before, entries(repo), "damaged packs stay indexed, for repair packs");
        }
    }

    @Test
    void verificationAcceptsAnIntactPack() throws Exception {
        SnapshotFixture f = new SnapshotFixture(Config.VERSION_1).backup();
        try (Repository repo = f.open()) {
            List<IndexEntry> entries = repo.index().blobsOfPack(f.packOfA);
            long size = repo.index().packSize(f.packOfA);
            assertNull(new IndexRepair(repo, listener).verify(f.packOfA, size, entries.stream().map(IndexEntry::blob).toList()));
        }
    }
}

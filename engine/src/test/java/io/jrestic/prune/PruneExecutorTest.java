package io.jrestic.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.compress.CompressionMode;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Executing prune plans on real (in-memory) repositories: what goes, what stays, and that the repository is valid
 * whenever the process dies.
 */
class PruneExecutorTest {
    static final PruneOptions NO_UNUSED = PruneOptions.DEFAULT.withMaxUnused(UnusedLimit.percent(0));

    /**
     * Four backups sharing some files, then: the first two forgotten, and an orphan pack from an interrupted
     * backup. A repository {@code restic check} accepts.
     */
    static TestRepository scenario() throws IOException {
        return scenario(false);
    }

    /** The scenario, and with {@code losePack} the data pack of the first (forgotten) backup is gone. */
    static TestRepository scenario(boolean losePack) throws IOException {
        TestRepository t = new TestRepository(2);
        byte[] a = t.randomBytes(180_000);
        byte[] b = t.randomBytes(120_000);
        byte[] c = t.randomBytes(90_000);
        byte[] d = t.randomBytes(60_000);
        byte[] lost = t.randomBytes(70_000);
        Id gone = t.backup(Map.of("gone", lost));
        Id first = t.backup(Map.of("a", a, "b", b));
        t.backup(Map.of("b", b, "c", c));
        t.backup(Map.of("c", c, "d", d, "empty", new byte[0]));
        t.forget(gone);
        t.forget(first);
        if (losePack) try (Repository repo = t.open()) {
            // The data pack of the forgotten first backup disappears; its index entries remain.
            Id pack = repo.loadIndex().lookup(BlobType.DATA, Id.hash(lost, 0, TestRepository.CHUNK)).orElseThrow().packId();
            t.backend.remove(FileHandle.of(FileType.PACK, pack));
        }
        t.orphanPack();
        return t;
    }

    @Test
    void pruneKeepsEverySnapshotIntactAndFreesSpace() throws Exception {
        TestRepository t = scenario();
        int packsBefore = t.list(FileType.PACK).size();
        PruneResult r = t.prune(PruneOptions.DEFAULT, PruneListener.NONE);
        t.assertHealthy();
        assertEquals(1, r.unreferencedPacksDeleted());
        assertTrue(r.packsDeleted() > 0, r.toString());
        assertTrue(t.list(FileType.PACK).size() < packsBefore);
    }

    @Test
    void noUnusedLeavesNothingToDo() throws Exception {
        TestRepository t = scenario();
        t.prune(NO_UNUSED, PruneListener.NONE);
        t.assertHealthy();
        PrunePlan again = t.plan(NO_UNUSED);
        assertTrue(again.isEmpty(), again.actions().toString());
        assertEquals(0, again.statistics().unusedTotal().blobs());
        assertEquals(0, again.statistics().unreferencedBytes());
    }

    @Test
    void planningChangesNothing() throws Exception {
        TestRepository t = scenario();
        Set<Id> packs = new HashSet<>(t.list(FileType.PACK));
        Set<Id> indexes = new HashSet<>(t.list(FileType.INDEX));
        PrunePlan plan = t.plan(NO_UNUSED);
        assertFalse(plan.isEmpty());
        assertEquals(packs, new HashSet<>(t.list(FileType.PACK)));
        assertEquals(indexes, new HashSet<>(t.list(FileType.INDEX)));
        assertEquals(indexes, new HashSet<>(plan.indexFiles()));
    }

    @Test
    void missingPackWithoutUsedBlobsIsDroppedFromTheIndex() throws Exception {
        TestRepository t = scenario(true);
        PrunePlan plan = t.plan(PruneOptions.DEFAULT);
        assertEquals(1, plan.packs(PackAction.FORGET_MISSING).size());
        t.prune(PruneOptions.DEFAULT, PruneListener.NONE);
        t.assertHealthy();
        assertTrue(t.plan(PruneOptions.DEFAULT).packs(PackAction.FORGET_MISSING).isEmpty());
    }

    @Test
    void oldIndexFilesAreReplaced() throws Exception {
        TestRepository t = scenario();
        Set<Id> before = new HashSet<>(t.list(FileType.INDEX));
        t.prune(NO_UNUSED, PruneListener.NONE);
        Set<Id> after = new HashSet<>(t.list(FileType.INDEX));
        assertFalse(after.isEmpty());
        after.retainAll(before);
        assertTrue(after.isEmpty(), "old index files remain: " + after);
    }

    @Test
    void damagedBlobThatMustBeCopiedStopsThePruneBeforeAnythingIsRemoved() throws Exception {
        TestRepository t = new TestRepository(2);
        byte[] keep = t.randomBytes(100_000);
        Id old = t.backup(Map.of("drop", t.randomBytes(100_000), "keep", keep));
        t.backup(Map.of("keep", keep));
        t.forget(old);
        IndexEntry victim;
        try (Repository repo = t.open()) {
            victim = repo.loadIndex().lookup(BlobType.DATA, Id.hash(keep, 0, TestRepository.CHUNK)).orElseThrow();
        }
        FileHandle pack = FileHandle.of(FileType.PACK, victim.packId());
        byte[] bytes = t.backend.bytes(pack);
        bytes[(int) victim.offset() + 20] ^= 1;
        t.backend.replace(pack, bytes);
        Set<Id> indexes = new HashSet<>(t.list(FileType.INDEX));

        PruneException e = assertThrows(PruneException.class, () -> t.prune(NO_UNUSED, PruneListener.NONE));
        assertTrue(e.getMessage().contains(victim.id().toString()), e.getMessage());
        assertTrue(t.backend.bytes(pack).length > 0, "the pack is still there");
        assertTrue(new HashSet<>(t.list(FileType.INDEX)).containsAll(indexes), "no index file was deleted");
    }

    @Test
    void repackUncompressedCompressesOldData() throws Exception {
        TestRepository t = new TestRepository(2);
        byte[] text = "compressible text, again and again. ".repeat(5000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        t.backup(Map.of("text", text), CompressionMode.OFF);
        assertTrue(uncompressedDataBlobs(t) > 0);
        t.prune(PruneOptions.DEFAULT.withRepackUncompressed(true), PruneListener.NONE);
        t.assertHealthy();
        assertEquals(0, uncompressedDataBlobs(t));
    }

    @Test
    void repackUncompressedNeedsVersion2AndCompression() throws Exception {
        TestRepository v1 = new TestRepository(1);
        try (Repository repo = v1.open()) {
            PruneException e = assertThrows(PruneException.class,
                    () -> Pruner.prepare(repo, PruneOptions.DEFAULT.withRepackUncompressed(true), PruneListener.NONE));
            assertEquals("compression requires at least repository format version 2", e.getMessage());
        }
        TestRepository v2 = new TestRepository(2);
        try (Repository repo = v2.open(CompressionMode.OFF)) {
            assertThrows(PruneException.class,
                    () -> Pruner.prepare(repo, PruneOptions.DEFAULT.withRepackUncompressed(true), PruneListener.NONE));
        }
    }

    @Test
    void version1RepositoryIsPrunedWithoutCompression() throws Exception {
        TestRepository t = new TestRepository(1);
        byte[] keep = t.randomBytes(70_000);
        t.forget(t.backup(Map.of("x", t.randomBytes(70_000), "keep", keep)));
        t.backup(Map.of("keep", keep));
        t.prune(NO_UNUSED, PruneListener.NONE);
        t.assertHealthy();
        assertTrue(t.plan(NO_UNUSED).isEmpty());
    }

    private static int uncompressedDataBlobs(TestRepository t) throws IOException {
        try (Repository repo = t.open()) {
            int[] n = {0};
            repo.loadIndex().forEach(e -> {
                if (e.type() == BlobType.DATA && !e.isCompressed()) n[0]++;
            });
            return n[0];
        }
    }

    /** Stands in for SIGKILL: thrown at a checkpoint, it unwinds without any cleanup code running. */
    static final class Killed extends RuntimeException {
        Killed(String where) {
            super(where);
        }
    }

    static List<Object[]> killPoints() {
        List<Object[]> points = new ArrayList<>();
        for (PruneListener.Checkpoint c : PruneListener.Checkpoint.values()) {
            for (int n = 1; n <= 2; n++) points.add(new Object[] {c, n});
        }
        return points;
    }

    @ParameterizedTest(name = "killed at {0} #{1}")
    @MethodSource("killPoints")
    void killedAtAnyCheckpointTheRepositoryStaysValidAndARerunFinishes(PruneListener.Checkpoint at, int occurrence)
            throws Exception {
        TestRepository t = scenario();
        int[] seen = {0};
        PruneListener killer = new PruneListener() {
            @Override
            public void checkpoint(Checkpoint c) {
                if (c == at && ++seen[0] == occurrence) throw new Killed(c + " #" + occurrence);
            }
        };
        boolean killed;
        try {
            t.prune(NO_UNUSED, killer);
            killed = false;
        } catch (Killed k) {
            killed = true;
        }
        t.assertHealthy();
        if (occurrence == 1) assertTrue(killed, "the scenario passes checkpoint " + at);
        t.prune(NO_UNUSED, PruneListener.NONE);
        t.assertHealthy();
        PrunePlan after = t.plan(NO_UNUSED);
        assertTrue(after.isEmpty(), "a second prune finished the job: " + after.actions());
        assertEquals(0, after.statistics().unusedTotal().blobs());
    }
}

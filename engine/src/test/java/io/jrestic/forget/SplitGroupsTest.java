package io.jrestic.forget;

import io.jrestic.snapshot.GroupBy;
import static io.jrestic.forget.Snapshots.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.snapshot.IdentifiedSnapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitGroupsTest {
    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
    private static final RetentionPolicy KEEP_2_DAILY = RetentionPolicy.builder().daily(2).build();

    private static List<SplitGroups.Finding> find(List<IdentifiedSnapshot> all, RetentionPolicy p) {
        return SplitGroups.find(all, GroupBy.HOST_AND_PATHS, p, NOW, RetentionRules.RESTIC_0_14, ZoneOffset.UTC);
    }

    @Test
    void pathsThatChangeEveryRunAreReported() {
        List<IdentifiedSnapshot> all = List.of(
                at("s1", "2024-05-01T10:00:00Z", "h", List.of("/data/2024-05-01"), List.of()),
                at("s2", "2024-05-02T10:00:00Z", "h", List.of("/data/2024-05-02"), List.of()),
                at("s3", "2024-05-03T10:00:00Z", "h", List.of("/data/2024-05-03"), List.of()));
        List<SplitGroups.Finding> f = find(all, KEEP_2_DAILY);
        assertEquals(1, f.size());
        assertEquals("paths", f.get(0).component());
        assertEquals(1, f.get(0).removedWhenMerged());
        assertEquals(List.of("/data/2024-05-01"), f.get(0).keys().get(0).paths());
        assertEquals(new GroupBy(true, false, false), f.get(0).merged());
    }

    @Test
    void aRenamedHostIsReported() {
        List<IdentifiedSnapshot> all = List.of(
                at("s1", "2024-05-01T10:00:00Z", "old", List.of("/p"), List.of()),
                at("s2", "2024-05-02T10:00:00Z", "old", List.of("/p"), List.of()),
                at("s3", "2024-05-03T10:00:00Z", "new", List.of("/p"), List.of()));
        List<SplitGroups.Finding> f = find(all, KEEP_2_DAILY);
        assertEquals(1, f.size());
        assertEquals("host", f.get(0).component());
    }

    @Test
    void machinesBackingUpSideBySideAreNotReported() {
        List<IdentifiedSnapshot> all = List.of(
                at("s1", "2024-05-01T10:00:00Z", "a", List.of("/p"), List.of()),
                at("s2", "2024-05-01T11:00:00Z", "b", List.of("/p"), List.of()),
                at("s3", "2024-05-02T10:00:00Z", "a", List.of("/p"), List.of()),
                at("s4", "2024-05-02T11:00:00Z", "b", List.of("/p"), List.of()));
        assertTrue(find(all, KEEP_2_DAILY).isEmpty());
    }

    @Test
    void groupsThatAlreadyLoseSnapshotsAreNotReported() {
        List<IdentifiedSnapshot> all = List.of(
                at("s1", "2024-05-01T10:00:00Z", "h", List.of("/a"), List.of()),
                at("s2", "2024-05-02T10:00:00Z", "h", List.of("/a"), List.of()),
                at("s3", "2024-05-03T10:00:00Z", "h", List.of("/a"), List.of()),
                at("s4", "2024-05-04T10:00:00Z", "h", List.of("/b"), List.of()));
        assertTrue(find(all, KEEP_2_DAILY).isEmpty());
    }

    @Test
    void aPolicyThatKeepsEverythingAnywayIsNotReported() {
        List<IdentifiedSnapshot> all = List.of(
                at("s1", "2024-05-01T10:00:00Z", "h", List.of("/a"), List.of()),
                at("s2", "2024-05-02T10:00:00Z", "h", List.of("/b"), List.of()));
        assertTrue(find(all, RetentionPolicy.builder().daily(5).build()).isEmpty());
    }
}

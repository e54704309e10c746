package io.jrestic.snapshot;

import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotFilterTest {
    private static Snapshot snapshot(String time, String host, List<String> paths, List<String> tags) {
        return Snapshot.builder(OffsetDateTime.parse(time), Id.ZERO, paths).hostname(host).tags(tags).build();
    }

    private static final Snapshot TAGGED = snapshot("2024-01-01T00:00:00Z", "vm", List.of("/a", "/b"),
            List.of("x", "y"));
    private static final Snapshot UNTAGGED = snapshot("2024-01-02T00:00:00Z", "h2", List.of("/a"), List.of());

    private static SnapshotFilter tags(String... lists) {
        return new SnapshotFilter(List.of(), List.of(lists).stream().map(SnapshotFilter::parseTagList).toList(),
                List.of());
    }

    @Test
    void emptyFilterMatchesEverything() {
        assertTrue(SnapshotFilter.ALL.matches(TAGGED));
        assertTrue(SnapshotFilter.ALL.matches(UNTAGGED));
    }

    @Test
    void hostsAreAlternatives() {
        SnapshotFilter f = new SnapshotFilter(List.of("vm", "other"), List.of(), List.of());
        assertTrue(f.matches(TAGGED));
        assertFalse(f.matches(UNTAGGED));
    }

    @Test
    void eachTagListMustBeFullyContainedAndListsAreAlternatives() {
        assertTrue(tags("x,y").matches(TAGGED));
        assertFalse(tags("x,z").matches(TAGGED));
        assertTrue(tags("x,z", "y").matches(TAGGED));
        assertFalse(tags("x").matches(UNTAGGED));
    }

    @Test
    void theEmptyTagMatchesSnapshotsWithoutTags() {
        assertTrue(tags("").matches(UNTAGGED));
        assertFalse(tags("").matches(TAGGED));
        assertTrue(tags("x", "").matches(UNTAGGED));
    }

    @Test
    void everyGivenPathMustBePresent() {
        assertTrue(new SnapshotFilter(List.of(), List.of(), List.of("/a")).matches(UNTAGGED));
        assertTrue(new SnapshotFilter(List.of(), List.of(), List.of("/b", "/a")).matches(TAGGED));
        assertFalse(new SnapshotFilter(List.of(), List.of(), List.of("/a", "/b")).matches(UNTAGGED));
        assertFalse(new SnapshotFilter(List.of(), List.of(), List.of("/a/")).matches(UNTAGGED));
    }

    @Test
    void criteriaAreCombinedWithAnd() {
        SnapshotFilter f = new SnapshotFilter(List.of("vm"), List.of(List.of("x")), List.of("/c"));
        assertFalse(f.matches(TAGGED));
    }

    @Test
    void tagListsAreSplitOnCommasAndTrimmed() {
        assertEquals(List.of("a", "b c", ""), SnapshotFilter.parseTagList(" a ,\tb c\u00a0,"));
        assertEquals(List.of(""), SnapshotFilter.parseTagList(""));
    }

    @Test
    void tagsGivenToASnapshotLeaveEmptyOnesOut() {
        assertEquals(List.of("a", "b", "c"), SnapshotFilter.parseTags(List.of(",a,,b,", "", " c ")));
        assertEquals(List.of(), SnapshotFilter.parseTags(List.of("")));
    }

    @Test
    void latestIsTheNewestInstantAmongMatches() {
        IdentifiedSnapshot early = new IdentifiedSnapshot(Id.hash(new byte[]{1}),
                snapshot("2024-01-01T10:00:00+02:00", "vm", List.of("/a"), List.of()));
        // Later as an instant although its local time reads earlier.
        IdentifiedSnapshot late = new IdentifiedSnapshot(Id.hash(new byte[]{2}),
                snapshot("2024-01-01T09:00:00Z", "vm", List.of("/a"), List.of()));
        IdentifiedSnapshot otherHost = new IdentifiedSnapshot(Id.hash(new byte[]{3}),
                snapshot("2025-01-01T00:00:00Z", "h2", List.of("/a"), List.of()));
        List<IdentifiedSnapshot> all = List.of(late, otherHost, early);
        assertEquals(otherHost, SnapshotFilter.ALL.latest(all).orElseThrow());
        SnapshotFilter vm = new SnapshotFilter(List.of("vm"), List.of(), List.of());
        assertEquals(late, vm.latest(all).orElseThrow());
        assertEquals(List.of(early, late), vm.select(all));
        assertTrue(new SnapshotFilter(List.of("none"), List.of(), List.of()).latest(all).isEmpty());
    }
}

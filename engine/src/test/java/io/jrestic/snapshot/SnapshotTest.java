package io.jrestic.snapshot;

import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SnapshotTest {
    private static final Snapshot BASE = Snapshot.builder(OffsetDateTime.parse("2024-01-02T10:00:00Z"), Id.ZERO,
            List.of("/srv")).tags(List.of("a", "b", "c", "d")).build();

    @Test
    void addingTagsAppendsOnlyMissingOnes() {
        assertEquals(List.of("a", "b", "c", "d", "e"), BASE.addTags(List.of("b", "e", "e")).tags());
    }

    @Test
    void removingATagMovesTheLastTagIntoItsSlot() {
        assertEquals(List.of("d", "b", "c"), BASE.removeTags(List.of("a")).tags());
        assertEquals(List.of("a", "c"), BASE.removeTags(List.of("b", "d", "x")).tags());
    }

    @Test
    void originalKeepsTheFirstVersion() {
        Id first = Id.hash(new byte[]{1});
        Id second = Id.hash(new byte[]{2});
        assertEquals(first, BASE.rewrittenFrom(first).rewrittenFrom(second).original());
    }

    @Test
    void idsMustBeUint32() {
        assertThrows(IllegalArgumentException.class, () -> BASE.toBuilder().uid(1L << 32).build());
        assertThrows(IllegalArgumentException.class, () -> BASE.toBuilder().gid(-1).build());
    }

    @Test
    void builderRoundTripsEveryField() {
        assertEquals(BASE, BASE.toBuilder().build());
    }
}

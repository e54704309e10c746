package io.jrestic.snapshot;

import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdPrefixTest {
    private static final Id A1 = Id.parse("a1" + "0".repeat(62));
    private static final Id A2 = Id.parse("a2" + "0".repeat(62));
    private static final Id B = Id.parse("b" + "0".repeat(63));
    private static final List<Id> IDS = List.of(A1, A2, B);

    @Test
    void aUniquePrefixOrAFullIdResolves() {
        assertEquals(A1, IdPrefix.resolve("a1", IDS));
        assertEquals(B, IdPrefix.resolve("b", IDS));
        assertEquals(A2, IdPrefix.resolve(A2.toString(), IDS));
    }

    @Test
    void anAmbiguousPrefixFailsWithResticsMessage() {
        IdPrefix.IdPrefixException e = assertThrows(IdPrefix.IdPrefixException.class,
                () -> IdPrefix.resolve("a", IDS));
        assertEquals("multiple IDs with prefix \"a\" found", e.getMessage());
        assertTrue(e.ambiguous());
    }

    @Test
    void anUnknownPrefixFailsWithResticsMessage() {
        IdPrefix.IdPrefixException e = assertThrows(IdPrefix.IdPrefixException.class,
                () -> IdPrefix.resolve("ffff", IDS));
        assertEquals("no matching ID found for prefix \"ffff\"", e.getMessage());
        assertFalse(e.ambiguous());
        // restic compares with the lowercase hex name, case-sensitively
        assertThrows(IdPrefix.IdPrefixException.class, () -> IdPrefix.resolve("A1", IDS));
        assertEquals("no matching ID found for prefix \"x\\\"y\"",
                assertThrows(IdPrefix.IdPrefixException.class, () -> IdPrefix.resolve("x\"y", IDS)).getMessage());
    }
}

package io.jrestic.tree;

import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NodeTest {
    private static final OffsetDateTime T = OffsetDateTime.parse("2024-05-06T07:08:09.5+02:00");

    @Test
    void builderDefaultsMatchResticForms() {
        Node file = Node.builder("f".getBytes(StandardCharsets.UTF_8), NodeType.FILE).build();
        assertEquals(List.of(), file.content()); // empty file: "content":[]
        assertEquals(Node.ZERO_TIME, file.mtime());
        assertEquals("", file.user());
        assertEquals(0, file.linkTarget().length);
        Node dir = Node.builder("d".getBytes(StandardCharsets.UTF_8), NodeType.DIR).build();
        assertNull(dir.content()); // non-files: "content":null
        assertNull(dir.subtree());
    }

    @Test
    void equalityComparesByteContents() {
        Node a = Node.builder(new byte[]{'x', (byte) 0xfe}, NodeType.SYMLINK).mtime(T)
                .linkTarget(new byte[]{1, 2}).extendedAttributes(List.of(new ExtendedAttribute("user.a", new byte[]{9})))
                .build();
        Node b = Node.builder(new byte[]{'x', (byte) 0xfe}, NodeType.SYMLINK).mtime(T)
                .linkTarget(new byte[]{1, 2}).extendedAttributes(List.of(new ExtendedAttribute("user.a", new byte[]{9})))
                .build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.toBuilder().linkTarget(new byte[]{1, 3}).build());
        assertNotEquals(a, a.withName(new byte[]{'x'}));
        assertEquals(a, a.toBuilder().build());
    }

    @Test
    void derivedCopies() {
        Id blob = Id.hash(new byte[]{1});
        Node file = Node.builder("f".getBytes(StandardCharsets.UTF_8), NodeType.FILE).mtime(T).build()
                .withContent(List.of(blob), 1);
        assertEquals(List.of(blob), file.content());
        assertEquals(1, file.size());
        Node dir = Node.builder("d".getBytes(StandardCharsets.UTF_8), NodeType.DIR).build().withSubtree(blob);
        assertEquals(blob, dir.subtree());
    }

    @Test
    void nameForDisplayIsLossy() {
        Node n = Node.builder(new byte[]{'r', 'a', 'w', (byte) 0xfe}, NodeType.FILE).build();
        assertEquals("raw\ufffd", n.nameAsString());
    }

    @Test
    void genericAttributesAreSortedAsGoSortsKeys() {
        // U+FF5E sorts before U+1F600 in UTF-8 byte order, after it in UTF-16 order.
        Node n = Node.builder("f".getBytes(StandardCharsets.UTF_8), NodeType.FILE)
                .genericAttributes(Map.of("\ud83d\ude00", "1", "\uff5e", "2", "a", "3")).build();
        assertEquals(List.of("a", "\uff5e", "\ud83d\ude00"), List.copyOf(n.genericAttributes().keySet()));
    }

    @Test
    void idsOutsideUint32AreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Node.builder(new byte[]{'a'}, NodeType.FILE).uid(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> Node.builder(new byte[]{'a'}, NodeType.FILE).gid(1L << 32).build());
    }
}

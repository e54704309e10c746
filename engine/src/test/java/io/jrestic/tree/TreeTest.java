package io.jrestic.tree;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeTest {
    private static Node named(byte[] name) {
        return Node.builder(name, NodeType.FILE).build();
    }

    private static Node named(String name) {
        return named(name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sortsByUnsignedRawBytesNotByJavaStrings() {
        // UTF-16 order would put the emoji (a surrogate pair, 0xD83D…) before U+FF5E; UTF-8 bytes put it after,
        // and a raw 0xFE byte after both; "B" sorts before "a".
        Node emoji = named("\ud83d\ude00");
        Node fullwidthTilde = named("\uff5e");
        Node raw = named(new byte[]{(byte) 0xfe});
        Node upper = named("B");
        Node lower = named("a");
        Tree tree = Tree.sorted(List.of(raw, emoji, lower, fullwidthTilde, upper));
        assertEquals(List.of(upper, lower, fullwidthTilde, emoji, raw), tree.nodes());
        assertTrue("\ud83d\ude00".compareTo("\uff5e") < 0, "the Java order this test guards against");
    }

    @Test
    void rejectsUnsortedAndDuplicateNames() {
        IllegalArgumentException unsorted = assertThrows(IllegalArgumentException.class,
                () -> Tree.of(named("b"), named("a")));
        assertEquals("unsorted node name \"a\" at index 1 of tree", unsorted.getMessage());
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> Tree.sorted(List.of(named("x"), named(new byte[]{(byte) 0xfe}), named("x"))));
        assertEquals("duplicate node name \"x\" at index 1 of tree", duplicate.getMessage());
    }

    @Test
    void findsNodesByRawName() {
        Tree tree = Tree.sorted(List.of(named("a"), named(new byte[]{'b', (byte) 0x80}), named("c")));
        assertTrue(tree.find(new byte[]{'b', (byte) 0x80}).isPresent());
        assertTrue(tree.find("c".getBytes(StandardCharsets.UTF_8)).isPresent());
        assertFalse(tree.find("b".getBytes(StandardCharsets.UTF_8)).isPresent());
        assertFalse(Tree.EMPTY.find(new byte[0]).isPresent());
    }
}

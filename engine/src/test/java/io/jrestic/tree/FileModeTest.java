package io.jrestic.tree;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileModeTest {
    @Test
    void modesObservedInRestic014Trees() {
        assertEquals(420L, Integer.toUnsignedLong(FileMode.fromPosix(0100644)));
        assertEquals(2147484141L, Integer.toUnsignedLong(FileMode.fromPosix(0040755)));
        assertEquals(134218239L, Integer.toUnsignedLong(FileMode.fromPosix(0120777)));
        assertEquals(33554852L, Integer.toUnsignedLong(FileMode.fromPosix(0010644)));
    }

    @Test
    void devicesAndSpecialBits() {
        assertEquals(FileMode.MODE_DEVICE | FileMode.MODE_CHAR_DEVICE | 0666, FileMode.fromPosix(0020666));
        assertEquals(FileMode.MODE_DEVICE | 0660, FileMode.fromPosix(0060660));
        assertEquals(FileMode.MODE_SOCKET | 0755, FileMode.fromPosix(0140755));
        assertEquals(FileMode.MODE_SETUID | FileMode.MODE_SETGID | 0755, FileMode.fromPosix(0106755));
        assertEquals(FileMode.MODE_DIR | FileMode.MODE_STICKY | 0777, FileMode.fromPosix(0041777));
    }

    @Test
    void posixRoundTrip() {
        for (int stMode : new int[]{0100644, 0040755, 0120777, 0010644, 0020620, 0060660, 0140777, 0104755,
                0102711, 0041777}) {
            assertEquals(stMode, FileMode.toPosix(FileMode.fromPosix(stMode)), Integer.toOctalString(stMode));
        }
        assertEquals(04755, FileMode.permissionBits(FileMode.fromPosix(0104755)));
    }

    @Test
    void nodeTypeFromModeAndBack() {
        assertEquals(NodeType.FILE, FileMode.nodeType(420));
        assertEquals(NodeType.DIR, FileMode.nodeType((int) 2147484141L));
        assertEquals(NodeType.SYMLINK, FileMode.nodeType(134218239));
        assertEquals(NodeType.FIFO, FileMode.nodeType(33554852));
        assertEquals(NodeType.CHARDEV, FileMode.nodeType(FileMode.fromPosix(0020666)));
        assertEquals(NodeType.DEV, FileMode.nodeType(FileMode.fromPosix(0060666)));
        assertEquals(NodeType.SOCKET, FileMode.nodeType(FileMode.fromPosix(0140666)));
        assertEquals(NodeType.IRREGULAR, FileMode.nodeType(FileMode.MODE_IRREGULAR));
        for (NodeType t : NodeType.values()) {
            assertEquals(t, FileMode.nodeType(FileMode.of(t, 0644)));
            assertEquals(t, NodeType.fromJsonName(t.jsonName()));
        }
        assertEquals((int) 2147484141L, FileMode.of(NodeType.DIR, 0755));
    }
}

package io.jrestic.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.tree.FileMode;
import io.jrestic.tree.NodeType;
import org.junit.jupiter.api.Test;

class GoFileModeStringTest {
    @Test
    void printsTypeLettersThenPermissionsAsGoDoes() {
        assertEquals("-rw-r--r--", GoFileModeString.of(0644));
        assertEquals("drwxr-xr-x", GoFileModeString.of(FileMode.of(NodeType.DIR, 0755)));
        assertEquals("Lrwxrwxrwx", GoFileModeString.of(FileMode.of(NodeType.SYMLINK, 0777)));
        assertEquals("Dcrw-rw-rw-", GoFileModeString.of(FileMode.of(NodeType.CHARDEV, 0666)));
        assertEquals("Drw-rw----", GoFileModeString.of(FileMode.of(NodeType.DEV, 0660)));
        assertEquals("prw-r--r--", GoFileModeString.of(FileMode.of(NodeType.FIFO, 0644)));
        assertEquals("Srwxrwxrwx", GoFileModeString.of(FileMode.of(NodeType.SOCKET, 0777)));
        assertEquals("urwxr-xr-x", GoFileModeString.of(FileMode.of(NodeType.FILE, 04755)));
        assertEquals("dtrwxrwxrwx", GoFileModeString.of(FileMode.of(NodeType.DIR, 01777)));
        assertEquals("----------", GoFileModeString.of(0));
    }
}

package io.jrestic.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    @Test
    void idsAreThoseOfFilesWeCreate(@TempDir Path tmp) throws IOException {
        Path f = Files.createFile(tmp.resolve("mine"));
        assertEquals(((Integer) Files.getAttribute(f, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue(),
                Identity.getuid());
        assertEquals(ProcessHandle.current().pid(), Identity.getpid());
    }

    @Test
    void hostnameIsTheKernelsHostName() throws IOException {
        Path proc = Path.of("/proc/sys/kernel/hostname");
        assumeTrue(Files.isReadable(proc));
        assertEquals(Files.readString(proc, StandardCharsets.UTF_8).strip(), Identity.hostname());
    }

    @Test
    void namesComeFromTheUserAndGroupDatabases() throws IOException {
        assertEquals("root", Identity.userName(0));
        assertEquals("root", Identity.groupName(0));
        assertEquals("", Identity.userName(3_999_999_999L));
        assertEquals("", Identity.groupName(3_999_999_999L));
        assertEquals("root", Identity.userName(0)); // cached
    }

    @Test
    void processExistsUntilItHasBeenReaped() throws IOException, InterruptedException {
        assertTrue(Identity.processExists(Identity.getpid()));
        assertTrue(Identity.processExists(1)); // init: exists even when we may not signal it
        Process child = new ProcessBuilder("true").start();
        int pid = (int) child.pid();
        child.waitFor(); // reaped by the JDK: the PID is free now
        assertFalse(Identity.processExists(pid));
        assertThrows(IllegalArgumentException.class, () -> Identity.processExists(0));
    }
}

package io.jrestic.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixFileInputStreamTest {
    @TempDir
    Path tmp;

    @Test
    void oddSizedReadsReturnTheWholeFile() throws IOException {
        byte[] content = new byte[600_001]; // more than two of the stream's 256 KiB native buffers
        new Random(42).nextBytes(content);
        byte[] path = Posix.join(Posix.path(tmp.toString()), new byte[] {'r', 'a', 'w', (byte) 0xfe});
        try (PosixFile f = PosixFile.openForWriting(path, 0600)) {
            f.write(content, 0, content.length, 0);
        }
        Path nioPath = Files.list(tmp).findFirst().orElseThrow();

        int[] sizes = {1, 7, 4093, 65_537, 300_000, 13};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PosixFileInputStream in = PosixFileInputStream.open(path)) {
            assertEquals(content.length, in.stat().size());
            byte[] buf = new byte[300_010];
            for (int i = 0; ; i++) {
                int n = in.read(buf, 3, sizes[i % sizes.length]);
                if (n < 0) break;
                out.write(buf, 3, n);
            }
            assertEquals(-1, in.read());
        }
        assertArrayEquals(Files.readAllBytes(nioPath), out.toByteArray());
        assertArrayEquals(content, out.toByteArray());
    }

    @Test
    void singleByteReadsAndEmptyFiles() throws IOException {
        byte[] path = Posix.path(tmp.resolve("two").toString());
        Files.write(tmp.resolve("two"), new byte[] {(byte) 0xff, 0});
        try (PosixFileInputStream in = PosixFileInputStream.open(path)) {
            assertEquals(0xff, in.read());
            assertEquals(0, in.read());
            assertEquals(-1, in.read());
        }
        Files.write(tmp.resolve("empty"), new byte[0]);
        try (PosixFileInputStream in = PosixFileInputStream.open(Posix.path(tmp.resolve("empty").toString()))) {
            assertEquals(-1, in.read(new byte[10], 0, 10));
        }
    }

    @Test
    void readingAfterCloseFails() throws IOException {
        Files.write(tmp.resolve("f"), new byte[] {1});
        PosixFileInputStream in = PosixFileInputStream.open(Posix.path(tmp.resolve("f").toString()));
        in.close();
        in.close(); // idempotent
        IOException e = assertThrows(IOException.class, in::read);
        assertEquals("read " + tmp + "/f: file already closed", e.getMessage());
    }
}

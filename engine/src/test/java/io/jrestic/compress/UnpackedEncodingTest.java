package io.jrestic.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnpackedEncodingTest {
    private static final byte[] SNAPSHOT = "{\"time\":\"2022-08-01T10:00:00Z\",\"tree\":\"00\",\"paths\":[\"/srv\"]}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void version2WritesVersionByteAndZstd() throws IOException {
        byte[] encoded = UnpackedEncoding.encode(SNAPSHOT, 2);
        assertEquals(0x02, encoded[0]);
        assertTrue(UnpackedEncoding.isCompressed(encoded));
        assertArrayEquals(SNAPSHOT, UnpackedEncoding.decode(encoded, 2));
    }

    @Test
    void version1IsThePlainJson() throws IOException {
        assertArrayEquals(SNAPSHOT, UnpackedEncoding.encode(SNAPSHOT, 1));
        assertArrayEquals(SNAPSHOT, UnpackedEncoding.decode(SNAPSHOT, 1));
    }

    @Test
    void version2AcceptsUncompressedObjectsAndArrays() throws IOException {
        assertArrayEquals(SNAPSHOT, UnpackedEncoding.decode(SNAPSHOT, 2));
        byte[] legacyIndex = "[{\"id\":\"00\",\"blobs\":[]}]".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(legacyIndex, UnpackedEncoding.decode(legacyIndex, 2));
    }

    @Test
    void version2AcceptsStreamedAndConcatenatedFrames() throws IOException {
        byte[] half1 = java.util.Arrays.copyOfRange(SNAPSHOT, 0, 20);
        byte[] half2 = java.util.Arrays.copyOfRange(SNAPSHOT, 20, SNAPSHOT.length);
        byte[] frames = ZstdTest.concat(ZstdTest.streamedFrame(half1), ZstdTest.streamedFrame(half2));
        byte[] plaintext = ZstdTest.concat(new byte[] {0x02}, frames);
        assertArrayEquals(SNAPSHOT, UnpackedEncoding.decode(plaintext, 2));
    }

    @Test
    void version2RejectsOtherFirstBytes() {
        for (byte first : new byte[] {0x00, 0x01, 0x03, ' ', '"'}) {
            byte[] plaintext = {first, '{', '}'};
            IOException e = assertThrows(IOException.class, () -> UnpackedEncoding.decode(plaintext, 2));
            assertTrue(e.getMessage().startsWith("not supported encoding format"), e.getMessage());
        }
        assertThrows(IOException.class, () -> UnpackedEncoding.decode(new byte[0], 2));
    }

    @Test
    void version2RejectsDamagedZstd() {
        // Without a checksum, a flipped literal byte can decode "successfully"; the envelope MAC catches that.
        // What the decoder must catch is broken structure: a bad magic number or a cut-off frame.
        byte[] encoded = UnpackedEncoding.encode(SNAPSHOT, 2);
        byte[] badMagic = encoded.clone();
        badMagic[1] ^= 0x55;
        assertThrows(DecompressionException.class, () -> UnpackedEncoding.decode(badMagic, 2));
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 2);
        assertThrows(DecompressionException.class, () -> UnpackedEncoding.decode(truncated, 2));
    }

    @Test
    void unknownRepositoryVersionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> UnpackedEncoding.encode(SNAPSHOT, 3));
        assertThrows(IllegalArgumentException.class, () -> UnpackedEncoding.decode(SNAPSHOT, 0));
    }
}

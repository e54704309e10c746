package io.jrestic.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdTest {
    private static final byte[] TEXT = "restic stores blobs in packs; ".repeat(200).getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripAtEveryModeLevel() throws IOException {
        for (CompressionMode mode : CompressionMode.values()) {
            byte[] frame = Zstd.compress(TEXT, mode.level());
            assertTrue(frame.length < TEXT.length / 10, "repetitive text compresses at " + mode);
            assertArrayEquals(TEXT, Zstd.decompress(frame, 0, frame.length, TEXT.length));
        }
    }

    @Test
    void compressesASliceOfTheInput() throws IOException {
        byte[] frame = Zstd.compress(TEXT, 30, 60, 3);
        assertArrayEquals(Arrays.copyOfRange(TEXT, 30, 90), Zstd.decompress(frame, 0, frame.length, 60));
    }

    @Test
    void decompressIntoFillsTheGivenRangeOnlyAndChecksTheSize() throws IOException {
        byte[] frame = Zstd.compress(TEXT, 3);
        byte[] dst = new byte[TEXT.length + 10];
        Arrays.fill(dst, (byte) 7);
        Zstd.decompressInto(frame, 0, frame.length, dst, 5, TEXT.length);
        assertArrayEquals(TEXT, Arrays.copyOfRange(dst, 5, 5 + TEXT.length));
        assertEquals(7, dst[4]);
        assertEquals(7, dst[5 + TEXT.length]);
        assertThrows(DecompressionException.class, () -> Zstd.decompressInto(frame, 0, frame.length, dst, 0, TEXT.length - 1));
        assertThrows(DecompressionException.class, () -> Zstd.decompressInto(frame, 0, frame.length, dst, 0, TEXT.length + 1));
    }

    @Test
    void framesCarryTheContentSizeAndNoChecksum() {
        byte[] frame = Zstd.compress(TEXT, 3);
        assertEquals(Zstd.FRAME_MAGIC, le32(frame, 0));
        int descriptor = frame[4] & 0xff;
        assertTrue((descriptor & 0xc0) != 0 || (descriptor & 0x20) != 0, "content size present");
        assertEquals(0, descriptor & 0x04, "no checksum flag");
        assertEquals(TEXT.length, Zstd.declaredContentSize(frame, 0, frame.length));
    }

    @Test
    void bigInputAtMaxUsesAWindowOfAtMost8MiB() {
        byte[] zeros = new byte[9 << 20]; // cheap to compress even at level 19; the window choice is the same
        byte[] frame = Zstd.compress(zeros, Zstd.MAX_LEVEL);
        int descriptor = frame[4] & 0xff;
        boolean singleSegment = (descriptor & 0x20) != 0;
        assertTrue(!singleSegment, "a 9 MiB input has a window descriptor");
        int windowDescriptor = frame[5] & 0xff;
        int windowLog = 10 + (windowDescriptor >>> 3);
        assertTrue(windowLog <= Zstd.MAX_WINDOW_LOG, "window 2^" + windowLog);
    }

    @Test
    void incompressibleDataStillRoundTrips() throws IOException {
        byte[] random = new byte[100_000];
        new Random(2).nextBytes(random);
        byte[] frame = Zstd.compress(random, 3);
        assertArrayEquals(random, Zstd.decompress(frame, 0, frame.length, random.length));
    }

    @Test
    void emptyInputIsAValidFrame() throws IOException {
        byte[] frame = Zstd.compress(new byte[0], 3);
        assertEquals(0, Zstd.decompress(frame, 0, frame.length, 0).length);
        assertEquals(0, Zstd.decompressUnknownSize(frame, 0, frame.length).length);
    }

    @Test
    void aWrongExpectedSizeFailsClearly() {
        byte[] frame = Zstd.compress(TEXT, 3);
        DecompressionException tooSmall = assertThrows(DecompressionException.class,
                () -> Zstd.decompress(frame, 0, frame.length, TEXT.length - 1));
        assertTrue(tooSmall.getMessage().contains("more than the expected " + (TEXT.length - 1)), tooSmall.getMessage());
        DecompressionException tooBig = assertThrows(DecompressionException.class,
                () -> Zstd.decompress(frame, 0, frame.length, TEXT.length + 1));
        assertTrue(tooBig.getMessage().contains("expected " + (TEXT.length + 1)), tooBig.getMessage());
    }

    @Test
    void garbageIsRejected() {
        byte[] junk = "definitely not zstd".getBytes(StandardCharsets.US_ASCII);
        assertThrows(DecompressionException.class, () -> Zstd.decompress(junk, 0, junk.length, 10));
        assertThrows(DecompressionException.class, () -> Zstd.decompressUnknownSize(junk, 0, junk.length));
    }

    @Test
    void truncatedFrameIsRejected() {
        byte[] frame = streamedFrame(TEXT);
        assertThrows(DecompressionException.class, () -> Zstd.decompressUnknownSize(frame, 0, frame.length - 3));
    }

    @Test
    void frameWithoutContentSizeDecodesWithAndWithoutAKnownSize() throws IOException {
        byte[] frame = streamedFrame(TEXT);
        assertEquals(-1, Zstd.declaredContentSize(frame, 0, frame.length), "streamed frames leave the size out");
        assertArrayEquals(TEXT, Zstd.decompressUnknownSize(frame, 0, frame.length));
        assertArrayEquals(TEXT, Zstd.decompress(frame, 0, frame.length, TEXT.length));
    }

    @Test
    void concatenatedFramesDecodeToTheirConcatenation() throws IOException {
        byte[] a = "first frame ".repeat(50).getBytes(StandardCharsets.UTF_8);
        byte[] b = "second frame ".repeat(70).getBytes(StandardCharsets.UTF_8);
        byte[] expected = concat(a, b);

        byte[] sized = concat(Zstd.compress(a, 3), Zstd.compress(b, 3));
        assertEquals(expected.length, Zstd.declaredContentSize(sized, 0, sized.length));
        assertArrayEquals(expected, Zstd.decompressUnknownSize(sized, 0, sized.length));
        assertArrayEquals(expected, Zstd.decompress(sized, 0, sized.length, expected.length));

        byte[] mixed = concat(Zstd.compress(a, 3), streamedFrame(b));
        assertArrayEquals(expected, Zstd.decompressUnknownSize(mixed, 0, mixed.length));
        assertArrayEquals(expected, Zstd.decompress(mixed, 0, mixed.length, expected.length));
    }

    @Test
    void unknownSizeOutputIsLimited() {
        byte[] frame = streamedFrame(TEXT);
        DecompressionException e = assertThrows(DecompressionException.class,
                () -> Zstd.decompressUnknownSize(frame, 0, frame.length, 100));
        assertTrue(e.getMessage().contains("limit 100"), e.getMessage());
        byte[] sized = Zstd.compress(TEXT, 3);
        assertThrows(DecompressionException.class, () -> Zstd.decompressUnknownSize(sized, 0, sized.length, 100));
    }

    @Test
    void levelsOutsideTheSupportedRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Zstd.compress(TEXT, 0));
        assertThrows(IllegalArgumentException.class, () -> Zstd.compress(TEXT, 22));
    }

    /** A frame as a streaming writer makes it: no content size, since the writer did not know it in advance. */
    static byte[] streamedFrame(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(bytes, 3)) {
            // Written in pieces so the encoder cannot see the whole input when it starts the frame.
            for (int i = 0; i < data.length; i += 100) out.write(data, i, Math.min(100, data.length - i));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}

package io.jrestic.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.id.Id;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackHeaderTest {
    static final Id ID_A = Id.parse("a".repeat(64));
    static final Id ID_B = Id.parse("0b".repeat(32));
    static final Id ID_C = Id.parse("c0".repeat(32));

    @Test
    void layoutConstantsMatchTheSpec() {
        assertEquals(37, PackHeader.ENTRY_SIZE);
        assertEquals(41, PackHeader.COMPRESSED_ENTRY_SIZE);
        assertEquals(651, PackHeader.EAGER_READ_LENGTH);
        assertEquals(409_199, PackHeader.MAX_ENTRIES);
        assertEquals(36, PackHeader.FIXED_OVERHEAD);
    }

    @Test
    void encodesEntriesByteForByte() {
        List<PackBlob> blobs = List.of(
                new PackBlob(BlobType.DATA, ID_A, 0, 53, 12),
                new PackBlob(BlobType.TREE, ID_B, 53, 0x01020304, 0));
        byte[] header = PackHeader.encode(blobs);
        HexFormat hex = HexFormat.of();
        String expected = "02" + "35000000" + "0c000000" + "aa".repeat(32)
                + "01" + "04030201" + "0b".repeat(32);
        assertEquals(expected, hex.formatHex(header));
    }

    @Test
    void typeCodesCombineTypeAndCompression() {
        assertEquals(0, PackHeader.typeCode(BlobType.DATA, false));
        assertEquals(1, PackHeader.typeCode(BlobType.TREE, false));
        assertEquals(2, PackHeader.typeCode(BlobType.DATA, true));
        assertEquals(3, PackHeader.typeCode(BlobType.TREE, true));
    }

    @Test
    void decodeAssignsOffsetsCumulatively() throws InvalidPackException {
        List<PackBlob> written = List.of(
                new PackBlob(BlobType.DATA, ID_A, 0, 100, 0),
                new PackBlob(BlobType.DATA, ID_B, 100, 60, 500),
                new PackBlob(BlobType.DATA, ID_C, 160, 32, 0));
        List<PackBlob> read = PackHeader.decode(PackHeader.encode(written));
        assertEquals(written, read);
        assertEquals(37 + 41 + 37, PackHeader.entriesLength(read));
        assertEquals(192 + 115 + 36, PackHeader.packSize(read));
    }

    @Test
    void emptyHeaderHasNoBlobs() throws InvalidPackException {
        assertEquals(List.of(), PackHeader.decode(new byte[0]));
    }

    @Test
    void rejectsUnknownTypeBytes() {
        byte[] header = PackHeader.encode(List.of(new PackBlob(BlobType.DATA, ID_A, 0, 40, 0)));
        header[0] = 4;
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> PackHeader.decode(header));
        assertTrue(e.getMessage().contains("invalid blob type 0x04"), e.getMessage());
    }

    @Test
    void rejectsTruncatedEntries() {
        byte[] header = PackHeader.encode(List.of(
                new PackBlob(BlobType.DATA, ID_A, 0, 40, 0), new PackBlob(BlobType.DATA, ID_B, 40, 50, 90)));
        byte[] cut = Arrays.copyOf(header, header.length - 1);
        InvalidPackException e = assertThrows(InvalidPackException.class,
                () -> PackHeader.decode(cut, 0, cut.length, "pack 1234"));
        assertEquals("pack 1234: header entry 1 truncated: 40 of 41 bytes", e.getMessage());
    }

    @Test
    void rejectsLengthsNoEnvelopeCanHave() {
        byte[] header = PackHeader.encode(List.of(new PackBlob(BlobType.TREE, ID_A, 0, 40, 7)));
        PackHeader.writeUint32(header, 1, 31);
        assertThrows(InvalidPackException.class, () -> PackHeader.decode(header));
        PackHeader.writeUint32(header, 1, 40);
        PackHeader.writeUint32(header, 5, 0);
        assertThrows(InvalidPackException.class, () -> PackHeader.decode(header), "type 3 with no uncompressed length");
        PackHeader.writeUint32(header, 5, 0xffff_ffffL);
        assertThrows(InvalidPackException.class, () -> PackHeader.decode(header));
    }

    @Test
    void lengthsAreUnsignedAndThoseBeyondAJavaArrayAreRejected() {
        byte[] header = PackHeader.encode(List.of(new PackBlob(BlobType.DATA, ID_A, 0, 40, 0)));
        PackHeader.writeUint32(header, 1, 0x8000_0000L);
        InvalidPackException e = assertThrows(InvalidPackException.class, () -> PackHeader.decode(header));
        assertTrue(e.getMessage().contains("invalid length 2147483648"), e.getMessage());
    }
}

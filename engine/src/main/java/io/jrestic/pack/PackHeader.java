package io.jrestic.pack;

import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The pack header (restic-format §8.1, §8.2): one entry per blob in file order, encrypted as one envelope and
 * followed by its length. Entry layout, all integers little-endian:
 *
 * <pre>
 *   type(1) ‖ length(4) ‖ id(32)                         type 0 data, 1 tree            = 37 bytes
 *   type(1) ‖ length(4) ‖ uncompressed_length(4) ‖ id(32)  type 2 data, 3 tree (zstd)  = 41 bytes
 * </pre>
 *
 * Offsets are not stored: each blob starts where the previous one ends, the first at 0.
 */
public final class PackHeader {
    public static final int TYPE_DATA = 0;
    public static final int TYPE_TREE = 1;
    public static final int TYPE_DATA_COMPRESSED = 2;
    public static final int TYPE_TREE_COMPRESSED = 3;

    public static final int TYPE_SIZE = 1;
    public static final int LENGTH_SIZE = 4;
    public static final int UNCOMPRESSED_LENGTH_SIZE = 4;
    public static final int ENTRY_SIZE = TYPE_SIZE + LENGTH_SIZE + Id.LENGTH;
    public static final int COMPRESSED_ENTRY_SIZE = ENTRY_SIZE + UNCOMPRESSED_LENGTH_SIZE;

    /** The header-length field at the very end of a pack: uint32 LE length of the encrypted header. */
    public static final int TAIL = 4;
    /** Largest encrypted header restic accepts (§8.3, §8.4); with the tail, 16 MiB + 4 bytes. */
    public static final int MAX_HEADER_LENGTH = 16 << 20;
    /** Most entry bytes a header can hold inside {@link #MAX_HEADER_LENGTH}. */
    public static final int MAX_ENTRIES_LENGTH = MAX_HEADER_LENGTH - Envelope.OVERHEAD;
    /** Most blobs a pack can hold when all entries are compressed ones: 409 199. */
    public static final int MAX_ENTRIES = MAX_ENTRIES_LENGTH / COMPRESSED_ENTRY_SIZE;
    /** Bytes a pack adds beyond its entries: the header envelope's IV and MAC plus the tail. */
    public static final int FIXED_OVERHEAD = Envelope.OVERHEAD + TAIL;
    /** Bytes restic reads from the end of a pack in its first request: room for 15 compressed entries. */
    public static final int EAGER_READ_LENGTH = 15 * COMPRESSED_ENTRY_SIZE + FIXED_OVERHEAD;

    private PackHeader() {
    }

    /** Size of the pack file holding {@code blobs}: Σ length + Σ entry size + 32 + 4 (§8.1). */
    public static long packSize(Collection<PackBlob> blobs) {
        long size = FIXED_OVERHEAD;
        for (PackBlob b : blobs) size += b.length() + b.headerEntrySize();
        return size;
    }

    /** Plaintext length of the header of {@code blobs}. */
    public static int entriesLength(Collection<PackBlob> blobs) {
        long n = 0;
        for (PackBlob b : blobs) n += b.headerEntrySize();
        return Math.toIntExact(n);
    }

    /** The plaintext header entries of {@code blobs}, in the given order (which must be file order). */
    public static byte[] encode(List<PackBlob> blobs) {
        byte[] out = new byte[entriesLength(blobs)];
        int pos = 0;
        for (PackBlob b : blobs) pos = writeEntry(b, out, pos);
        return out;
    }

    /** Writes one entry at {@code pos}; returns the position after it. */
    static int writeEntry(PackBlob b, byte[] out, int pos) {
        out[pos] = (byte) typeCode(b.type(), b.isCompressed());
        pos += TYPE_SIZE;
        writeUint32(out, pos, b.length());
        pos += LENGTH_SIZE;
        if (b.isCompressed()) {
            writeUint32(out, pos, b.uncompressedLength());
            pos += UNCOMPRESSED_LENGTH_SIZE;
        }
        b.id().writeTo(out, pos);
        return pos + Id.LENGTH;
    }

    /** Parses plaintext header entries, assigning offsets cumulatively from 0. */
    public static List<PackBlob> decode(byte[] plaintext) throws InvalidPackException {
        return decode(plaintext, 0, plaintext.length, "pack header");
    }

    /**
     * Parses the entries in {@code plaintext[off, off+len)}; {@code where} names the pack in error messages.
     * Rejects unknown type bytes, truncated entries and lengths beyond what the format can hold.
     */
    public static List<PackBlob> decode(byte[] plaintext, int off, int len, String where) throws InvalidPackException {
        List<PackBlob> blobs = new ArrayList<>(len / ENTRY_SIZE);
        int pos = off;
        int end = off + len;
        long offset = 0;
        while (pos < end) {
            int entryStart = pos - off;
            int code = plaintext[pos] & 0xff;
            boolean compressed;
            BlobType type;
            switch (code) {
                case TYPE_DATA -> { type = BlobType.DATA; compressed = false; }
                case TYPE_TREE -> { type = BlobType.TREE; compressed = false; }
                case TYPE_DATA_COMPRESSED -> { type = BlobType.DATA; compressed = true; }
                case TYPE_TREE_COMPRESSED -> { type = BlobType.TREE; compressed = true; }
                default -> throw new InvalidPackException(String.format(
                        "%s: invalid blob type 0x%02x in header entry %d (at byte %d)", where, code, blobs.size(), entryStart));
            }
            int size = compressed ? COMPRESSED_ENTRY_SIZE : ENTRY_SIZE;
            if (end - pos < size) {
                throw new InvalidPackException(where + ": header entry " + blobs.size() + " truncated: "
                        + (end - pos) + " of " + size + " bytes");
            }
            pos += TYPE_SIZE;
            long length = readUint32(plaintext, pos);
            pos += LENGTH_SIZE;
            long uncompressed = 0;
            if (compressed) {
                uncompressed = readUint32(plaintext, pos);
                pos += UNCOMPRESSED_LENGTH_SIZE;
            }
            Id id = Id.of(plaintext, pos);
            pos += Id.LENGTH;
            if (length < Envelope.OVERHEAD || length > Integer.MAX_VALUE) {
                throw new InvalidPackException(where + ": blob " + id + " has invalid length " + length);
            }
            if (compressed && (uncompressed == 0 || uncompressed > Integer.MAX_VALUE)) {
                throw new InvalidPackException(where + ": blob " + id + " has invalid uncompressed length " + uncompressed);
            }
            blobs.add(new PackBlob(type, id, offset, (int) length, (int) uncompressed));
            offset += length;
        }
        return blobs;
    }

    /** The header type byte of a blob of {@code type}, compressed or not. */
    public static int typeCode(BlobType type, boolean compressed) {
        int base = type == BlobType.DATA ? TYPE_DATA : TYPE_TREE;
        return compressed ? base + TYPE_DATA_COMPRESSED : base;
    }

    static void writeUint32(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static long readUint32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }
}

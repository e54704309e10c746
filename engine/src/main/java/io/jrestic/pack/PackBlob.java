package io.jrestic.pack;

import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import java.util.Objects;

/**
 * Where one blob lives inside its pack: the blob's type and ID, the byte offset and length of its envelope, and,
 * for a compressed blob, its plaintext length after decompression (restic-format §8.2, §9.1).
 *
 * @param offset             where the envelope starts in the pack file
 * @param length             envelope bytes in the pack (ciphertext with IV and MAC)
 * @param uncompressedLength plaintext length of a compressed blob; 0 means the blob is stored uncompressed
 */
public record PackBlob(BlobType type, Id id, long offset, int length, int uncompressedLength) {
    public PackBlob {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (offset < 0) throw new IllegalArgumentException("blob " + id + ": negative offset " + offset);
        if (length < Envelope.OVERHEAD) {
            throw new IllegalArgumentException("blob " + id + ": length " + length + " is shorter than an envelope");
        }
        if (uncompressedLength < 0) {
            throw new IllegalArgumentException("blob " + id + ": negative uncompressed length " + uncompressedLength);
        }
    }

    public boolean isCompressed() {
        return uncompressedLength != 0;
    }

    /** Length of the blob's plaintext: the uncompressed length, or the envelope's content if stored as is. */
    public int plaintextLength() {
        return isCompressed() ? uncompressedLength : Envelope.plaintextLength(length);
    }

    /** Offset just past the envelope: where the next blob in the pack starts. */
    public long end() {
        return offset + length;
    }

    /** Bytes this blob's entry takes in the pack header. */
    public int headerEntrySize() {
        return isCompressed() ? PackHeader.COMPRESSED_ENTRY_SIZE : PackHeader.ENTRY_SIZE;
    }

    /** The same blob at another offset, for a writer laying blobs out. */
    public PackBlob withOffset(long newOffset) {
        return new PackBlob(type, id, newOffset, length, uncompressedLength);
    }
}

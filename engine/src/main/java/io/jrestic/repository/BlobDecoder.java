package io.jrestic.repository;

import io.jrestic.backend.FileHandle;
import io.jrestic.compress.DecompressionException;
import io.jrestic.compress.Zstd;
import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import io.jrestic.pack.PackBlob;

/**
 * Decrypts, decompresses and verifies blob after blob, as {@link Repository#decodeBlob} does, but into buffers it
 * keeps: bulk readers (restore, check) go through hundreds of megabytes of 1 MiB blobs, and three fresh arrays
 * per blob kept the collector busy. The buffers grow to the largest blob seen (a data blob is at most a few MiB).
 * One per worker thread; not thread-safe.
 */
public final class BlobDecoder {
    private final CryptoKey key;
    private final String location;
    private byte[] envelope = new byte[0];
    private byte[] opened = new byte[0];
    private byte[] decompressed = new byte[0];
    private byte[] plaintext;

    BlobDecoder(CryptoKey key, String location) {
        this.key = key;
        this.location = location;
    }

    /** A buffer of at least {@code length} bytes to read an envelope into; reused by the next call. */
    public byte[] envelopeBuffer(int length) {
        if (envelope.length < length) envelope = new byte[grow(envelope.length, length)];
        return envelope;
    }

    /**
     * Decodes the blob {@code b} whose envelope is at {@code buf[off, off + b.length())} and returns its plaintext
     * length; the plaintext is {@link #plaintext()}{@code [0, length)} until the next call. Nothing is returned
     * for a blob that fails its MAC, decompression or hash.
     */
    public int decode(FileHandle pack, PackBlob b, byte[] buf, int off) throws RepositoryCorruptException {
        int openedLength = Math.max(0, Envelope.plaintextLength(b.length()));
        if (opened.length < openedLength) opened = new byte[grow(opened.length, openedLength)];
        try {
            key.open(buf, off, b.length(), opened, 0);
        } catch (AuthenticationException e) {
            throw new RepositoryCorruptException(where(pack, b) + " at offset " + b.offset() + ": " + e.getMessage());
        }
        byte[] plain = opened;
        int length = openedLength;
        if (b.isCompressed()) {
            length = b.uncompressedLength();
            if (decompressed.length < length) decompressed = new byte[grow(decompressed.length, length)];
            try {
                Zstd.decompressInto(opened, 0, openedLength, decompressed, 0, length);
            } catch (DecompressionException | RuntimeException e) {
                throw new RepositoryCorruptException(where(pack, b) + ": decompression failed: " + e.getMessage(), e);
            }
            plain = decompressed;
        }
        if (!Id.hash(plain, 0, length).equals(b.id())) {
            throw new RepositoryCorruptException(where(pack, b) + ": content hash does not match the blob ID");
        }
        plaintext = plain;
        return length;
    }

    /** The buffer holding the last decoded blob's plaintext at its start. */
    public byte[] plaintext() {
        return plaintext;
    }

    private String where(FileHandle pack, PackBlob b) {
        return location + ": " + pack + ": " + b.type().jsonName() + " blob " + b.id();
    }

    /** Room for {@code needed} bytes, with some slack so that slightly larger blobs do not reallocate each time. */
    private static int grow(int current, int needed) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, Math.min((long) needed + (needed >> 3), 2L * current)));
    }
}

package io.jrestic.pack;

import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.crypto.Envelope;
import java.io.IOException;
import java.util.List;

/**
 * Reads a pack's header (restic-format §8.4): the last {@link PackHeader#EAGER_READ_LENGTH} bytes in one request,
 * which covers headers of up to 15 blobs, then the rest of a larger header in a second request. Every check
 * failure is an {@link InvalidPackException} naming the pack.
 */
public final class PackReader {
    private PackReader() {
    }

    /** Reads and decrypts the header of {@code pack}, whose file is {@code size} bytes, with the master key. */
    public static List<PackBlob> readHeader(Backend backend, FileHandle pack, long size, CryptoKey key) throws IOException {
        String where = describe(pack);
        checkMinimumSize(size, where);
        int eager = (int) Math.min(size, PackHeader.EAGER_READ_LENGTH);
        byte[] tail = backend.loadRange(pack, size - eager, eager);
        int headerLength = headerLength(tail, size, where);
        int needed = headerLength + PackHeader.TAIL;
        if (needed > tail.length) {
            tail = backend.loadRange(pack, size - needed, needed);
        }
        return decryptHeader(tail, tail.length - needed, headerLength, size, key, where);
    }

    /**
     * Parses the header from bytes the caller already holds: the last {@code tail.length} bytes of a pack of
     * {@code packSize} bytes (the whole pack when they are equal, as {@code check --read-data} has it).
     *
     * @param where names the pack in error messages, e.g. its ID
     */
    public static List<PackBlob> parseHeader(byte[] tail, long packSize, CryptoKey key, String where)
            throws InvalidPackException {
        if (tail.length > packSize) {
            throw new IllegalArgumentException(where + ": " + tail.length + " bytes given for a pack of " + packSize);
        }
        checkMinimumSize(packSize, where);
        if (tail.length < PackHeader.TAIL) {
            throw new IllegalArgumentException(where + ": need at least the 4-byte header length, got " + tail.length);
        }
        int headerLength = headerLength(tail, packSize, where);
        int needed = headerLength + PackHeader.TAIL;
        if (needed > tail.length) {
            throw new IllegalArgumentException(where + ": header of " + headerLength + " bytes is not within the "
                    + tail.length + " bytes given");
        }
        return decryptHeader(tail, tail.length - needed, headerLength, packSize, key, where);
    }

    /** Validates the header length field at the end of {@code tail} (§8.4 step 2) and returns it. */
    static int headerLength(byte[] tail, long packSize, String where) throws InvalidPackException {
        long hl = PackHeader.readUint32(tail, tail.length - PackHeader.TAIL);
        if (hl == 0) throw new InvalidPackException(where + ": header length is zero");
        if (hl < Envelope.OVERHEAD) {
            throw new InvalidPackException(where + ": header length " + hl + " is shorter than an envelope");
        }
        if (hl > packSize - PackHeader.TAIL) {
            throw new InvalidPackException(where + ": header length " + hl + " exceeds the file size " + packSize);
        }
        if (hl > PackHeader.MAX_HEADER_LENGTH) {
            throw new InvalidPackException(where + ": header length " + hl + " exceeds the limit "
                    + PackHeader.MAX_HEADER_LENGTH);
        }
        return (int) hl;
    }

    private static List<PackBlob> decryptHeader(byte[] bytes, int off, int headerLength, long packSize, CryptoKey key,
            String where) throws InvalidPackException {
        byte[] entries;
        try {
            entries = key.open(bytes, off, headerLength);
        } catch (AuthenticationException e) {
            throw new InvalidPackException(where + ": header authentication failed (damaged pack or wrong key)", e);
        }
        List<PackBlob> blobs = PackHeader.decode(entries, 0, entries.length, where);
        long blobsEnd = packSize - headerLength - PackHeader.TAIL;
        if (!blobs.isEmpty() && blobs.getLast().end() > blobsEnd) {
            throw new InvalidPackException(where + ": header lists " + blobs.getLast().end()
                    + " bytes of blobs but only " + blobsEnd + " precede the header");
        }
        return blobs;
    }

    private static void checkMinimumSize(long size, String where) throws InvalidPackException {
        if (size < PackHeader.FIXED_OVERHEAD) {
            throw new InvalidPackException(where + ": file of " + size + " bytes is too small for a pack");
        }
    }

    private static String describe(FileHandle pack) {
        return "pack " + pack.name();
    }
}

package io.jrestic.chunker;

import java.util.Arrays;

/**
 * One chunk of a stream. The chunk owns {@code data} (no one else holds the array), so it may be handed to other
 * threads; nobody mutates it afterwards.
 *
 * @param data           the chunk's bytes, exactly its length
 * @param cutFingerprint the Rabin fingerprint of the chunk's last 64 bytes (of all its bytes if shorter); for every
 *                       chunk but a stream's last its low 20 bits are zero unless the chunk is 8 MiB long
 */
public record Chunk(byte[] data, long cutFingerprint) {
    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chunk other && cutFingerprint == other.cutFingerprint && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + Long.hashCode(cutFingerprint);
    }

    @Override
    public String toString() {
        return "Chunk[length=" + data.length + ", cutFingerprint=0x" + Long.toHexString(cutFingerprint) + "]";
    }
}

package io.jrestic.json;

import java.util.Arrays;

/**
 * A growable byte array, the byte counterpart of {@link StringBuilder}. Encoders write a tree's JSON a byte at a
 * time; {@link java.io.ByteArrayOutputStream} takes a lock for every one of those bytes.
 */
public final class ByteBuilder {
    private byte[] bytes;
    private int length;

    public ByteBuilder(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Appends the low 8 bits of {@code b}. */
    public void write(int b) {
        if (length == bytes.length) grow(1);
        bytes[length++] = (byte) b;
    }

    public void write(byte[] b, int off, int len) {
        if (bytes.length - length < len) grow(len);
        System.arraycopy(b, off, bytes, length, len);
        length += len;
    }

    public void writeBytes(byte[] b) {
        write(b, 0, b.length);
    }

    public int size() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void grow(int needed) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + needed));
    }
}

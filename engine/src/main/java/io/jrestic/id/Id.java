package io.jrestic.id;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte SHA-256 digest: the name of every blob and of every repository file except {@code config}.
 * Immutable; written as 64 lowercase hex characters, shown abbreviated as its first 8.
 */
public final class Id implements Comparable<Id> {
    public static final int LENGTH = 32;
    public static final int HEX_LENGTH = 2 * LENGTH;
    public static final int SHORT_HEX_LENGTH = 8;
    private static final HexFormat HEX = HexFormat.of();
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** The all-zero ID; restic treats it as "unset" (e.g. a missing subtree). */
    public static final Id ZERO = new Id(new byte[LENGTH]);

    private final byte[] bytes;
    private final int hash;

    private Id(byte[] bytes) {
        this.bytes = bytes;
        this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** Copies the 32 bytes at {@code offset}. */
    public static Id of(byte[] bytes, int offset) {
        if (bytes.length - offset < LENGTH) throw new IllegalArgumentException("an ID needs 32 bytes");
        return new Id(Arrays.copyOfRange(bytes, offset, offset + LENGTH));
    }

    /** The ID whose bytes are the four big-endian words {@code w0} to {@code w3}; see {@link #word}. */
    public static Id ofWords(long w0, long w1, long w2, long w3) {
        byte[] bytes = new byte[LENGTH];
        LONG_BE.set(bytes, 0, w0);
        LONG_BE.set(bytes, 8, w1);
        LONG_BE.set(bytes, 16, w2);
        LONG_BE.set(bytes, 24, w3);
        return new Id(bytes);
    }

    public static Id of(byte[] bytes) {
        if (bytes.length != LENGTH) throw new IllegalArgumentException("an ID is 32 bytes, not " + bytes.length);
        return new Id(bytes.clone());
    }

    /** Parses 64 hex digits (either case, as restic accepts); anything else is rejected. */
    public static Id parse(CharSequence hex) {
        if (hex.length() != HEX_LENGTH || !isHex(hex)) {
            throw new IllegalArgumentException("invalid ID \"" + hex + "\": want 64 hex digits");
        }
        return new Id(HEX.parseHex(hex.toString().toLowerCase(java.util.Locale.ROOT)));
    }

    /** True if {@code text} is exactly 64 hex digits, i.e. a name a repository file can have. */
    public static boolean isValid(CharSequence text) {
        return text.length() == HEX_LENGTH && isHex(text);
    }

    private static boolean isHex(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    /** SHA-256 of {@code data[offset, offset+length)}. */
    public static Id hash(byte[] data, int offset, int length) {
        MessageDigest md = sha256();
        update(md, data, offset, length);
        return new Id(md.digest());
    }

    /**
     * Feeds {@code data[offset, offset+length)} to {@code md} in pieces of at most {@link #HASH_PIECE} bytes.
     * HotSpot swaps in the SHA-NI intrinsic for the JDK's block loop only when C2 compiles that method, which
     * counts calls: one call per 1 MiB blob leaves a short-lived CLI hashing in the interpreted loop (~5× slower).
     */
    public static void update(MessageDigest md, byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        int end = offset + length;
        for (int pos = offset; pos < end; pos += HASH_PIECE) md.update(data, pos, Math.min(HASH_PIECE, end - pos));
    }

    /** Size of the pieces {@link #update} feeds a digest. */
    static final int HASH_PIECE = 16 * 1024;

    public static Id hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** The ID of a finished digest. */
    public static Id of(MessageDigest finishedSha256) {
        return new Id(finishedSha256.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Bytes {@code 8i} to {@code 8i + 7} as a big-endian long, {@code i} from 0 to 3: tables that hold millions of
     * IDs store them as words, and reading them this way copies nothing.
     */
    public long word(int i) {
        return (long) LONG_BE.get(bytes, i << 3);
    }

    /** Writes the 32 bytes into {@code dst} at {@code offset}. */
    public void writeTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    public boolean isZero() {
        return this.equals(ZERO);
    }

    /** The 8-character form restic prints as {@code short_id}. */
    public String toShortString() {
        return HEX.formatHex(bytes, 0, SHORT_HEX_LENGTH / 2);
    }

    /** True if the hex form starts with {@code prefix} (case-insensitive). */
    public boolean hasPrefix(String prefix) {
        return toString().startsWith(prefix.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Id other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Id o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}

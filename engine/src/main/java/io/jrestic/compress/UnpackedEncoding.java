package io.jrestic.compress;

import java.io.IOException;

/**
 * The plaintext of an unpacked file (index, snapshot, lock) inside its encryption envelope (restic-format §6).
 * Repository version 1: the JSON itself. Version 2: a version byte {@link #COMPRESSED} followed by zstd, or,
 * when read, also the bare JSON that older writers left (recognised by its first byte, '{' or '[').
 */
public final class UnpackedEncoding {
    /** First plaintext byte of a zstd-compressed unpacked file in a version 2 repository. */
    public static final byte COMPRESSED = 0x02;
    private static final byte JSON_OBJECT = '{';
    private static final byte JSON_ARRAY = '[';

    private UnpackedEncoding() {
    }

    /** Encodes {@code json} as restic writes it: v2 always compresses (even under {@code --compression off}); v1 returns {@code json} itself. */
    public static byte[] encode(byte[] json, int repoVersion) {
        return encode(json, repoVersion, CompressionMode.AUTO);
    }

    /** As {@link #encode(byte[], int)}, at {@code mode}'s level (restic uses its one encoder for all writes). */
    public static byte[] encode(byte[] json, int repoVersion, CompressionMode mode) {
        return switch (repoVersion) {
            case 1 -> json;
            case 2 -> {
                byte[] frame = Zstd.compress(json, 0, json.length, mode.level());
                byte[] out = new byte[1 + frame.length];
                out[0] = COMPRESSED;
                System.arraycopy(frame, 0, out, 1, frame.length);
                yield out;
            }
            default -> throw new IllegalArgumentException("unsupported repository version " + repoVersion);
        };
    }

    /**
     * Returns the JSON inside {@code plaintext}. Version 1 returns it as is; version 2 interprets the first byte.
     *
     * @throws IOException "not supported encoding format" for an unknown first byte, or a
     *     {@link DecompressionException} for damaged zstd data
     */
    public static byte[] decode(byte[] plaintext, int repoVersion) throws IOException {
        if (repoVersion == 1) return plaintext;
        if (repoVersion != 2) throw new IllegalArgumentException("unsupported repository version " + repoVersion);
        if (plaintext.length == 0) throw new IOException("not supported encoding format: empty plaintext");
        return switch (plaintext[0]) {
            case JSON_OBJECT, JSON_ARRAY -> plaintext;
            case COMPRESSED -> Zstd.decompressUnknownSize(plaintext, 1, plaintext.length - 1);
            default -> throw new IOException(String.format(
                    "not supported encoding format: first byte 0x%02x", plaintext[0] & 0xff));
        };
    }

    /** True if the v2 plaintext is stored compressed; for diagnostics ({@code check}, {@code cat}). */
    public static boolean isCompressed(byte[] plaintext) {
        return plaintext.length > 0 && plaintext[0] == COMPRESSED;
    }
}

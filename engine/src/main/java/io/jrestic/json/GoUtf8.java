package io.jrestic.json;

/**
 * UTF-8 decoding with Go's exact rules (no overlong forms, no surrogates, nothing above U+10FFFF, no truncated
 * sequences). Java's CharsetDecoder groups malformed input differently, and restic's quoting of file names and
 * its JSON encoder both depend on Go's grouping: an invalid sequence is always consumed one byte at a time.
 */
public final class GoUtf8 {
    private GoUtf8() {
    }

    /** Length (1–4) of the valid UTF-8 sequence starting at {@code i}, or -1 if the byte there starts none. */
    public static int decodedLength(byte[] b, int i) {
        int c0 = b[i] & 0xff;
        if (c0 < 0x80) return 1;
        int n = b.length - i;
        if (c0 < 0xc2) return -1;
        if (c0 < 0xe0) {
            return n >= 2 && cont(b[i + 1]) ? 2 : -1;
        }
        if (c0 < 0xf0) {
            if (n < 3) return -1;
            int c1 = b[i + 1] & 0xff;
            int lo = c0 == 0xe0 ? 0xa0 : 0x80;
            int hi = c0 == 0xed ? 0x9f : 0xbf; // U+D800..U+DFFF are not scalar values
            return c1 >= lo && c1 <= hi && cont(b[i + 2]) ? 3 : -1;
        }
        if (c0 < 0xf5) {
            if (n < 4) return -1;
            int c1 = b[i + 1] & 0xff;
            int lo = c0 == 0xf0 ? 0x90 : 0x80;
            int hi = c0 == 0xf4 ? 0x8f : 0xbf;
            return c1 >= lo && c1 <= hi && cont(b[i + 2]) && cont(b[i + 3]) ? 4 : -1;
        }
        return -1;
    }

    /** The code point of the valid sequence of {@code len} bytes at {@code i}. */
    public static int codePointAt(byte[] b, int i, int len) {
        return switch (len) {
            case 1 -> b[i];
            case 2 -> (b[i] & 0x1f) << 6 | (b[i + 1] & 0x3f);
            case 3 -> (b[i] & 0x0f) << 12 | (b[i + 1] & 0x3f) << 6 | (b[i + 2] & 0x3f);
            default -> (b[i] & 0x07) << 18 | (b[i + 1] & 0x3f) << 12 | (b[i + 2] & 0x3f) << 6 | (b[i + 3] & 0x3f);
        };
    }

    /** True if the whole array is valid UTF-8 by Go's rules. */
    public static boolean isValid(byte[] b) {
        for (int i = 0; i < b.length; ) {
            int len = decodedLength(b, i);
            if (len < 0) return false;
            i += len;
        }
        return true;
    }

    /** Appends the UTF-8 encoding of the scalar value {@code cp}. */
    public static void encode(int cp, ByteBuilder out) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xc0 | cp >> 6);
            out.write(0x80 | cp & 0x3f);
        } else if (cp < 0x10000) {
            out.write(0xe0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3f);
            out.write(0x80 | cp & 0x3f);
        } else {
            out.write(0xf0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3f);
            out.write(0x80 | cp >> 6 & 0x3f);
            out.write(0x80 | cp & 0x3f);
        }
    }

    private static boolean cont(byte b) {
        return (b & 0xc0) == 0x80;
    }
}

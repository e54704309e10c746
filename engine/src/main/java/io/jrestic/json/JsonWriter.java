package io.jrestic.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes compact JSON byte-for-byte as Go's {@code encoding/json} does, because restic names trees by the
 * SHA-256 of their JSON: the same metadata must give the same bytes in both tools.
 *
 * <p>Rules (restic-format §10.5): no whitespace; HTML-safe escaping of {@code < > &}; U+2028/U+2029 escaped;
 * control characters as backslash-u00XX except \n \r \t; {@code \b}/{@code \f} in Go 1.19's form
 * (backslash-u0008, backslash-u000c, as Debian's restic 0.14 writes them) unless {@link #goModernEscapes()} is set;
 * invalid UTF-8 as the six characters backslash-ufffd; everything else as raw UTF-8. Commas are inserted
 * automatically; the caller states the structure.
 */
public final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = "\\ufffd".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuilder out;
    private boolean modernEscapes;
    /** Per open container: true once it has a member, so the next one needs a comma. */
    private boolean[] hasMember = new boolean[16];
    private int depth;
    private boolean afterName;

    public JsonWriter() {
        this(256);
    }

    public JsonWriter(int initialCapacity) {
        this.out = new ByteBuilder(initialCapacity);
    }

    /** Escape U+0008/U+000C as {@code \b}/{@code \f} like restic built with Go 1.22 or newer. */
    public JsonWriter goModernEscapes() {
        this.modernEscapes = true;
        return this;
    }

    public JsonWriter beginObject() {
        beforeValue();
        out.write('{');
        push();
        return this;
    }

    public JsonWriter endObject() {
        depth--;
        out.write('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.write('[');
        push();
        return this;
    }

    public JsonWriter endArray() {
        depth--;
        out.write(']');
        return this;
    }

    /**
     * A member name encoded once: objects written many times (tree nodes) name their members with these instead
     * of escaping the same text for every object.
     */
    public static final class Key {
        private final byte[] encoded;

        private Key(byte[] encoded) {
            this.encoded = encoded;
        }
    }

    /** {@code name} as a {@link Key}, escaped as {@link #name(String)} would write it. */
    public static Key key(String name) {
        JsonWriter w = new JsonWriter(name.length() + 8);
        w.writeString(name);
        w.out.write(':');
        return new Key(w.toByteArray());
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(Key key) {
        beforeValue();
        out.writeBytes(key.encoded);
        afterName = true;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        beforeValue();
        writeString(name);
        out.write(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        beforeValue();
        writeString(s);
        return this;
    }

    /** A string given as raw bytes, e.g. a symlink target: invalid UTF-8 is written as backslash-ufffd, as Go does. */
    public JsonWriter valueUtf8Bytes(byte[] bytes) {
        beforeValue();
        writeUtf8(bytes);
        return this;
    }

    public JsonWriter value(long n) {
        beforeValue();
        ascii(Long.toString(n));
        return this;
    }

    /** Writes {@code n} as an unsigned 64-bit decimal (Go uint64; inode and device numbers may exceed 2^63). */
    public JsonWriter valueUnsigned(long n) {
        beforeValue();
        ascii(Long.toUnsignedString(n));
        return this;
    }

    public JsonWriter value(double d) {
        beforeValue();
        ascii(GoFloat.format(d));
        return this;
    }

    public JsonWriter value(boolean b) {
        beforeValue();
        ascii(b ? "true" : "false");
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        ascii("null");
        return this;
    }

    /** Standard Base64 with padding, Go's encoding of {@code []byte}. */
    public JsonWriter base64(byte[] bytes) {
        return value(Base64.getEncoder().encodeToString(bytes));
    }

    /** Inserts already-encoded JSON as one value. */
    public JsonWriter rawValue(byte[] json) {
        beforeValue();
        out.writeBytes(json);
        return this;
    }

    /** Appends bytes outside the JSON structure, e.g. the newline restic puts after a tree. */
    public JsonWriter rawBytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public int size() {
        return out.size();
    }

    private void push() {
        if (++depth == hasMember.length) hasMember = Arrays.copyOf(hasMember, depth * 2);
        hasMember[depth] = false;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasMember[depth]) out.write(',');
            hasMember[depth] = true;
        }
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
    }

    private void writeString(String s) {
        out.write('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                writeAscii(cp);
            } else if (Character.isSurrogate((char) cp)) {
                out.writeBytes(REPLACEMENT); // a lone surrogate cannot be UTF-8; Go would see an invalid sequence
            } else if (cp == 0x2028 || cp == 0x2029) {
                unicodeEscape(cp);
            } else {
                GoUtf8.encode(cp, out);
            }
        }
        out.write('"');
    }

    private void writeUtf8(byte[] b) {
        out.write('"');
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                writeAscii(c);
                i++;
                continue;
            }
            int len = GoUtf8.decodedLength(b, i);
            if (len < 0) {
                out.writeBytes(REPLACEMENT);
                i++;
                continue;
            }
            int cp = GoUtf8.codePointAt(b, i, len);
            if (cp == 0x2028 || cp == 0x2029) {
                unicodeEscape(cp);
            } else {
                out.write(b, i, len);
            }
            i += len;
        }
        out.write('"');
    }

    private void writeAscii(int c) {
        switch (c) {
            case '"' -> { out.write('\\'); out.write('"'); }
            case '\\' -> { out.write('\\'); out.write('\\'); }
            case '\n' -> { out.write('\\'); out.write('n'); }
            case '\r' -> { out.write('\\'); out.write('r'); }
            case '\t' -> { out.write('\\'); out.write('t'); }
            case '\b' -> { if (modernEscapes) { out.write('\\'); out.write('b'); } else unicodeEscape(c); }
            case '\f' -> { if (modernEscapes) { out.write('\\'); out.write('f'); } else unicodeEscape(c); }
            case '<', '>', '&' -> unicodeEscape(c);
            default -> {
                if (c < 0x20) unicodeEscape(c);
                else out.write(c);
            }
        }
    }

    private void unicodeEscape(int c) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xf]);
        out.write(HEX[(c >> 8) & 0xf]);
        out.write(HEX[(c >> 4) & 0xf]);
        out.write(HEX[c & 0xf]);
    }

}

package io.jrestic.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.id.Id;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;

/**
 * Reading single JSON values with Go's decoding rules, for the codecs that parse restic's files with Jackson's
 * streaming parser or {@link JsonReader}: JSON null leaves a field at its zero value, numbers are range-checked as
 * Go's unsigned types are, and every mismatch is a one-line {@link IllegalArgumentException} naming the field.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** Fails unless the current token {@code actual} is {@code wanted}. */
    public static void expect(JsonParser p, JsonToken actual, JsonToken wanted, String field) {
        if (actual != wanted) {
            throw new IllegalArgumentException(field + ": want " + wanted.asString() + ", found " + actual
                    + " at byte " + p.currentTokenLocation().getByteOffset());
        }
    }

    /** A string value, or {@code null} for JSON null (Go leaves the field unchanged). */
    public static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        expect(p, t, JsonToken.VALUE_STRING, field);
        return p.getText();
    }

    /** An ID written as 64 hex digits, or {@code null} for JSON null. */
    public static Id id(JsonParser p, JsonToken t, String field) throws IOException {
        String text = string(p, t, field);
        return text == null ? null : Id.parse(text);
    }

    /**
     * An ID as Go reads restic's IDs: a string of exactly 64 hex digits as written, without escapes. JSON null fails
     * too (a field that may be absent checks for null first, as Go leaves a nil pointer).
     */
    public static Id id(JsonReader r, String field) {
        byte[] bytes = new byte[Id.LENGTH];
        if (r.tryReadHex(bytes)) return Id.of(bytes, 0);
        int at = r.offset();
        JsonReader.Kind kind = r.peek();
        String found = kind == JsonReader.Kind.STRING ? r.readRaw() : kind.name().toLowerCase(Locale.ROOT);
        throw new IllegalArgumentException(field + ": want 64 hex digits, found " + found + " at byte " + at);
    }

    /** An unsigned integer no greater than {@code max} (compared unsigned; -1 means uint64); 0 for JSON null. */
    public static long unsigned(JsonParser p, JsonToken t, String field, long max) throws IOException {
        if (t == JsonToken.VALUE_NULL) return 0;
        expect(p, t, JsonToken.VALUE_NUMBER_INT, field);
        String text = p.getText();
        try {
            long v = Long.parseUnsignedLong(text);
            if (Long.compareUnsigned(v, max) > 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": " + text + " is out of range");
        }
    }

    /** A time in restic's format, or {@code unchanged} for JSON null. */
    public static OffsetDateTime time(JsonParser p, JsonToken t, String field, OffsetDateTime unchanged) throws IOException {
        String text = string(p, t, field);
        return text == null ? unchanged : GoTime.parse(text);
    }

    /**
     * {@code text} as standard padded Base64 ({@code []byte} in Go), or {@code null} for null (JSON null); errors
     * name {@code field}.
     */
    public static byte[] base64(String text, String field) {
        if (text == null) return null;
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": invalid Base64", e);
        }
    }

    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}

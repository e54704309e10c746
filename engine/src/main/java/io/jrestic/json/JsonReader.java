package io.jrestic.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A pull reader over one JSON document in memory, for the formats read in bulk (trees and index files): values are taken one at a
 * time in document order, as Go's decoder fills a struct, with Go's rules: member names match case-insensitively,
 * {@code null} reads as "no value", unknown members are skipped, unsigned numbers are range-checked, invalid UTF-8
 * and lone surrogates become U+FFFD. The grammar is checked as strictly as Go checks it (RFC 8259).
 *
 * <p>Why not Jackson's parser: a tree read is a few dozen small members per node, and Jackson's general token
 * machinery was what the JIT spent most of an incremental backup compiling. This reader is small, allocates
 * nothing per member name, and compiles quickly.
 *
 * <p>Not thread-safe. Syntax errors are {@link SyntaxException}s; a value of the wrong kind or range is an
 * {@link IllegalArgumentException} naming the field, both with the byte offset.
 */
public final class JsonReader {
    /** What the next value is. */
    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    /** Malformed JSON, as opposed to well-formed JSON with an unexpected value. */
    public static final class SyntaxException extends IllegalArgumentException {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** Each byte's value as a hex digit, -1 for bytes that are not one. */
    private static final byte[] HEX_VALUE = new byte[256];

    static {
        Arrays.fill(HEX_VALUE, (byte) -1);
        for (int c = '0'; c <= '9'; c++) HEX_VALUE[c] = (byte) (c - '0');
        for (int c = 'a'; c <= 'f'; c++) HEX_VALUE[c] = (byte) (c - 'a' + 10);
        for (int c = 'A'; c <= 'F'; c++) HEX_VALUE[c] = (byte) (c - 'A' + 10);
    }

    private static final long MAX_UINT64_TENTH = Long.divideUnsigned(-1L, 10);
    /** Go's decoder refuses deeper nesting too. */
    static final int MAX_DEPTH = 10_000;

    private final byte[] json;
    private int pos;
    /** Open containers, innermost last: '{' or '['. */
    private byte[] open = new byte[16];
    /** Whether the container at that depth has had no member or element yet. */
    private boolean[] empty = new boolean[16];
    private int depth;

    /** The current member name: json[nameStart, nameEnd) if it had no escapes, else nameText. */
    private int nameStart;
    private int nameEnd;
    private String nameText;

    public JsonReader(byte[] json) {
        this.json = json;
    }

    /** The offset of the next unread byte, for error messages. */
    public int offset() {
        return pos;
    }

    /** The kind of the next value; fails at the end of the input. */
    public Kind peek() {
        skipWhitespace();
        if (pos >= json.length) throw syntax("unexpected end of JSON input");
        return switch (json[pos]) {
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case '"' -> Kind.STRING;
            case 't', 'f' -> Kind.BOOLEAN;
            case 'n' -> Kind.NULL;
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Kind.NUMBER;
            default -> throw syntax("invalid character " + describe(json[pos]) + " looking for beginning of value");
        };
    }

    /** Consumes a {@code null} and returns true if the next value is one; otherwise reads nothing. */
    public boolean nextIsNull() {
        if (next() != 'n') return false;
        literal("null");
        return true;
    }

    /** Enters the object that must come next; {@code field} names it in the error otherwise. */
    public void beginObject(String field) {
        if (next() != '{') throw notA(Kind.OBJECT, field);
        push((byte) '{');
    }

    /** Enters the array that must come next. */
    public void beginArray(String field) {
        if (next() != '[') throw notA(Kind.ARRAY, field);
        push((byte) '[');
    }

    /**
     * In an object: reads the next member's name and its colon and returns true, or consumes the closing brace
     * and returns false. After true, the caller reads or {@linkplain #skipValue() skips} the value.
     */
    public boolean nextName() {
        if (!nextInContainer('{', '}', "after object key:value pair")) return false;
        skipWhitespace();
        if (pos >= json.length || json[pos] != '"') {
            throw syntax(pos >= json.length ? "unexpected end of JSON input"
                    : "invalid character " + describe(json[pos]) + " looking for beginning of object key string");
        }
        int start = pos + 1;
        int end = scanString();
        if (end >= 0) {
            nameStart = start;
            nameEnd = end;
            nameText = null;
        } else {
            pos = start - 1;
            nameText = readQuoted();
        }
        skipWhitespace();
        expectByte(':', "after object key");
        return true;
    }

    /** In an array: true if another element follows (the caller reads it), or consumes the bracket and false. */
    public boolean nextElement() {
        return nextInContainer('[', ']', "after array element");
    }

    /**
     * In the innermost container, opened by {@code open}: consumes its closing bracket and returns false, or the
     * separating comma if an entry came before, and returns true.
     */
    private boolean nextInContainer(char open, char close, String afterEntry) {
        if (depth == 0 || this.open[depth - 1] != open) {
            throw new IllegalStateException(open == '{' ? "not in an object" : "not in an array");
        }
        skipWhitespace();
        if (pos < json.length && json[pos] == close) {
            pos++;
            depth--;
            return false;
        }
        if (!empty[depth - 1]) expectByte(',', afterEntry);
        empty[depth - 1] = false;
        return true;
    }

    /** The current member name, decoded. */
    public String name() {
        if (nameText == null) nameText = text(nameStart, nameEnd);
        return nameText;
    }

    /**
     * A field name as {@link #nameIs} takes it: its bytes, checked to be lower-case ASCII. Made once per field, in
     * a constant.
     */
    public static byte[] fieldName(String lowerAscii) {
        for (int i = 0; i < lowerAscii.length(); i++) {
            char c = lowerAscii.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) throw new IllegalArgumentException("not lower-case ASCII: " + lowerAscii);
        }
        return lowerAscii.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether the current member name equals {@code lowerAscii} (a {@link #fieldName}) ignoring case, as Go matches
     * member names to fields. A plain ASCII name is compared byte by byte without decoding it; one with escapes or
     * other characters by its lower-cased text, so that Unicode case folding (the Kelvin sign for 'k') applies.
     */
    public boolean nameIs(byte[] lowerAscii) {
        if (nameText == null) {
            int n = nameEnd - nameStart;
            boolean ascii = true;
            if (n == lowerAscii.length) {
                int i = 0;
                for (; i < n; i++) {
                    int c = json[nameStart + i];
                    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
                    if (c != lowerAscii[i]) break;
                }
                if (i == n) return true;
            }
            for (int i = nameStart; i < nameEnd && ascii; i++) ascii = json[i] >= 0;
            if (ascii) return false;
        }
        return foldCase(name()).equals(new String(lowerAscii, StandardCharsets.ISO_8859_1));
    }

    /**
     * Each code point upper-cased, then lower-cased, as Go folds the names it matches: the Kelvin sign becomes 'k'
     * and the long s 's', and nothing expands (no 'ß' to "ss").
     */
    private static String foldCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return b.toString();
    }

    /** A string value, or null for JSON null; anything else fails naming {@code field}. */
    public String readString(String field) {
        byte c = next();
        if (c == '"') return readQuoted();
        if (c == 'n') {
            literal("null");
            return null;
        }
        throw notA(Kind.STRING, field);
    }

    /**
     * If the next value is a string of exactly {@code 2 * into.length} hex digits (either case) written without
     * escapes, decodes it into {@code into}, consumes it and returns true; otherwise reads nothing and returns false
     * (with {@code into} possibly overwritten in part), leaving the error to the caller. This is how Go reads
     * restic's IDs: their UnmarshalJSON hex-decodes the bytes between the quotes as written, so an escaped digit is
     * invalid there too.
     */
    public boolean tryReadHex(byte[] into) {
        if (next() != '"') return false;
        int start = pos + 1;
        int end = start + 2 * into.length;
        if (end >= json.length || json[end] != '"') return false;
        for (int i = 0; i < into.length; i++) {
            int hi = HEX_VALUE[json[start + 2 * i] & 0xff];
            int lo = HEX_VALUE[json[start + 2 * i + 1] & 0xff];
            if ((hi | lo) < 0) return false;
            into[i] = (byte) (hi << 4 | lo);
        }
        pos = end + 1;
        return true;
    }

    /**
     * If the next value is a string whose bytes between the quotes, as written, are exactly {@code raw}, consumes
     * it and returns true; otherwise reads nothing and returns false. For enumerations that Go matches on their
     * raw JSON text, such as restic's blob types.
     */
    public boolean tryReadString(byte[] raw) {
        if (next() != '"') return false;
        int start = pos + 1;
        int end = start + raw.length;
        if (end >= json.length || json[end] != '"' || !Arrays.equals(json, start, end, raw, 0, raw.length)) return false;
        pos = end + 1;
        return true;
    }

    /**
     * An unsigned integer no greater than {@code max} (compared unsigned; -1 means uint64), or {@code unchanged} for
     * JSON null, as Go leaves the field as it was; a sign, fraction or exponent fails as it does for Go's unsigned
     * fields.
     */
    public long readUnsigned(String field, long max, long unchanged) {
        byte c = next();
        if (c == 'n') {
            literal("null");
            return unchanged;
        }
        if (c != '-' && (c < '0' || c > '9')) throw notA(Kind.NUMBER, field);
        int start = pos;
        int end = scanNumber();
        long v = 0;
        boolean inRange = json[start] != '-';
        for (int i = start; i < end && inRange; i++) {
            int d = json[i] - '0';
            if (d < 0 || d > 9) {
                inRange = false; // '.', 'e' or 'E'
            } else if (Long.compareUnsigned(v, MAX_UINT64_TENTH) > 0) {
                inRange = false;
            } else {
                long next = v * 10 + d;
                if (Long.compareUnsigned(next, v * 10) < 0) inRange = false;
                v = next;
            }
        }
        if (!inRange || Long.compareUnsigned(v, max) > 0) {
            throw new IllegalArgumentException(field + ": " + text(start, end) + " is out of range at byte " + start);
        }
        return v;
    }

    /** Skips the next value, however deeply nested. */
    public void skipValue() {
        int base = depth;
        skipScalarOrEnter();
        while (depth > base) {
            boolean more = open[depth - 1] == '{' ? nextName() : nextElement();
            if (more) skipScalarOrEnter();
        }
    }

    /** The next value's JSON text exactly as written, and skips it. */
    public String readRaw() {
        skipWhitespace();
        int start = pos;
        skipValue();
        return new String(json, start, pos - start, StandardCharsets.UTF_8);
    }

    /** Fails unless only whitespace is left. */
    public void end() {
        if (depth != 0) throw new IllegalStateException("still inside a container");
        skipWhitespace();
        if (pos < json.length) throw syntax("invalid character " + describe(json[pos]) + " after top-level value");
    }

    // ---- scanning ------------------------------------------------------------------------------------------------

    private void skipScalarOrEnter() {
        switch (peek()) {
            case OBJECT -> push((byte) '{');
            case ARRAY -> push((byte) '[');
            case STRING -> {
                int start = pos + 1;
                if (scanString() < 0) {
                    pos = start - 1;
                    readQuoted();
                }
            }
            case NUMBER -> scanNumber();
            case BOOLEAN -> literal(json[pos] == 't' ? "true" : "false");
            case NULL -> literal("null");
        }
    }

    private void push(byte bracket) {
        if (depth == MAX_DEPTH) throw syntax("exceeded max depth");
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
            empty = Arrays.copyOf(empty, depth * 2);
        }
        pos++; // the bracket itself
        open[depth] = bracket;
        empty[depth] = true;
        depth++;
    }

    private void skipWhitespace() {
        while (pos < json.length) {
            byte c = json[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }

    /**
     * At an opening quote: if the string has no escapes, moves past its closing quote and returns the offset of
     * that quote; otherwise returns -1 with the position unspecified (the caller decodes it with readQuoted).
     */
    private int scanString() {
        int i = pos + 1;
        while (i < json.length) {
            byte c = json[i];
            if (c == '"') {
                pos = i + 1;
                return i;
            }
            if (c == '\\') return -1;
            if (c >= 0 && c < 0x20) {
                pos = i;
                throw syntax("invalid character " + describe(c) + " in string literal");
            }
            i++;
        }
        pos = i;
        throw syntax("unexpected end of JSON input");
    }

    /** At an opening quote: decodes the string, escapes included, and moves past it. */
    private String readQuoted() {
        int start = pos + 1;
        int end = scanString();
        if (end >= 0) return text(start, end);
        StringBuilder sb = new StringBuilder();
        int i = start;
        int runStart = i;
        while (true) {
            if (i >= json.length) {
                pos = i;
                throw syntax("unexpected end of JSON input");
            }
            byte c = json[i];
            if (c == '"') break;
            if (c >= 0 && c < 0x20) {
                pos = i;
                throw syntax("invalid character " + describe(c) + " in string literal");
            }
            if (c != '\\') {
                i++;
                continue;
            }
            sb.append(text(runStart, i));
            if (i + 1 >= json.length) {
                pos = i + 1;
                throw syntax("unexpected end of JSON input");
            }
            byte e = json[i + 1];
            i += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int unit = hex4(i);
                    i += 4;
                    if (Character.isHighSurrogate((char) unit) && i + 6 <= json.length && json[i] == '\\' && json[i + 1] == 'u') {
                        int low = hex4(i + 2);
                        if (Character.isLowSurrogate((char) low)) {
                            sb.appendCodePoint(Character.toCodePoint((char) unit, (char) low));
                            i += 6;
                            runStart = i;
                            continue;
                        }
                    }
                    // a lone surrogate is not text: Go decodes it as U+FFFD
                    sb.append(Character.isSurrogate((char) unit) ? '\ufffd' : (char) unit);
                }
                default -> {
                    pos = i - 1;
                    throw syntax("invalid character " + describe(e) + " in string escape code");
                }
            }
            runStart = i;
        }
        sb.append(text(runStart, i));
        pos = i + 1;
        return sb.toString();
    }

    private int hex4(int at) {
        if (at + 4 > json.length) {
            pos = json.length;
            throw syntax("unexpected end of JSON input");
        }
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            int d = Character.digit(json[k], 16);
            if (d < 0) {
                pos = k;
                throw syntax("invalid character " + describe(json[k]) + " in \\u hexadecimal character escape");
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** At a number: checks RFC 8259's grammar, moves past it and returns its end. */
    private int scanNumber() {
        int i = pos;
        if (json[i] == '-') i++;
        if (i < json.length && json[i] == '0') {
            i++;
        } else {
            int digits = digitsFrom(i);
            if (digits == 0) throw syntaxAt(i, "in numeric literal");
            i += digits;
        }
        if (i < json.length && json[i] == '.') {
            int digits = digitsFrom(i + 1);
            if (digits == 0) throw syntaxAt(i + 1, "after decimal point in numeric literal");
            i += 1 + digits;
        }
        if (i < json.length && (json[i] == 'e' || json[i] == 'E')) {
            i++;
            if (i < json.length && (json[i] == '+' || json[i] == '-')) i++;
            int digits = digitsFrom(i);
            if (digits == 0) throw syntaxAt(i, "in exponent of numeric literal");
            i += digits;
        }
        pos = i;
        return i;
    }

    private int digitsFrom(int i) {
        int n = 0;
        while (i + n < json.length && json[i + n] >= '0' && json[i + n] <= '9') n++;
        return n;
    }

    private void literal(String word) {
        for (int k = 0; k < word.length(); k++) {
            if (pos + k >= json.length) {
                pos = json.length;
                throw syntax("unexpected end of JSON input");
            }
            if (json[pos + k] != word.charAt(k)) {
                pos += k;
                throw syntax("invalid character " + describe(json[pos]) + " in literal " + word);
            }
        }
        pos += word.length();
    }

    /**
     * The next byte after whitespace, without consuming it; 0 at the end of the input. The value readers test it
     * directly and leave {@link #peek()}'s full classification to the error path: inlined at each reader, that
     * switch was most of the code the JIT compiled for reading a tree node.
     */
    private byte next() {
        skipWhitespace();
        return pos < json.length ? json[pos] : 0;
    }

    /** The error for a value of another kind than {@code wanted}, or for malformed JSON. */
    private IllegalArgumentException notA(Kind wanted, String field) {
        Kind actual = peek(); // throws the syntax error if there is no value at all
        return new IllegalArgumentException(field + ": want " + wanted.name().toLowerCase(Locale.ROOT) + ", found "
                + actual.name().toLowerCase(Locale.ROOT) + " at byte " + pos);
    }

    private void expectByte(char c, String context) {
        if (pos >= json.length) throw syntax("unexpected end of JSON input");
        if (json[pos] != c) throw syntax("invalid character " + describe(json[pos]) + " " + context);
        pos++;
    }

    private String text(int start, int end) {
        for (int i = start; i < end; i++) {
            // invalid UTF-8 becomes U+FFFD, as in Go
            if (json[i] < 0) return new String(json, start, end - start, StandardCharsets.UTF_8);
        }
        return new String(json, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private SyntaxException syntaxAt(int at, String context) {
        pos = at;
        String found = at < json.length ? describe(json[at]) : null;
        return syntax(found == null ? "unexpected end of JSON input" : "invalid character " + found + " " + context);
    }

    private SyntaxException syntax(String message) {
        return new SyntaxException(message + " at byte " + pos);
    }

    private static String describe(byte b) {
        int c = b & 0xff;
        if (c == '\'') return "'\\''";
        if (c == '"') return "'\"'";
        if (c >= 0x20 && c < 0x7f) return "'" + (char) c + "'";
        return String.format("0x%02x", c);
    }
}

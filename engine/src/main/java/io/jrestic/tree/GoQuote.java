package io.jrestic.tree;

import io.jrestic.json.ByteBuilder;
import io.jrestic.json.GoUtf8;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.Quote} and {@code strconv.Unquote} without the outer quotes: how restic turns a file name
 * (arbitrary bytes) into text before JSON-encoding it, and back (restic-format §10.4).
 *
 * <p>"Printable" follows Go: Unicode categories L, M, N, P, S and the ASCII space, taken from the JDK's Unicode
 * tables. They are newer than Go 1.19's (Unicode 13), so only names with characters assigned since then can be
 * quoted differently from restic 0.14.
 */
public final class GoQuote {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MAX_OCTAL_BYTE = 0377;

    private GoQuote() {
    }

    /** The quoted form of the raw name, without the surrounding {@code "}. */
    public static String quote(byte[] rawName) {
        if (isPlainAscii(rawName)) return new String(rawName, StandardCharsets.ISO_8859_1); // nothing to escape
        StringBuilder sb = new StringBuilder(rawName.length + 8);
        for (int i = 0; i < rawName.length; ) {
            int len = GoUtf8.decodedLength(rawName, i);
            if (len < 0) {
                // Go consumes exactly one byte of an invalid sequence and escapes it.
                hexEscape(sb, 'x', rawName[i] & 0xff, 2);
                i++;
                continue;
            }
            appendEscapedRune(sb, GoUtf8.codePointAt(rawName, i, len));
            i += len;
        }
        return sb.toString();
    }

    private static boolean isPlainAscii(byte[] b) {
        for (byte c : b) {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') return false; // bytes >= 0x80 are negative
        }
        return true;
    }

    /** Printable ASCII without quotes or backslashes: text that quotes and unquotes to itself. */
    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
        }
        return true;
    }

    /**
     * The raw bytes of {@code quoted}, read as Go's {@code strconv.Unquote} reads {@code '"' + quoted + '"'}.
     *
     * @throws IllegalArgumentException for an invalid escape, an unescaped {@code "} or a raw newline
     */
    public static byte[] unquote(String quoted) {
        if (isPlainAscii(quoted)) return quoted.getBytes(StandardCharsets.ISO_8859_1); // most names: nothing to undo
        ByteBuilder out = new ByteBuilder(quoted.length());
        int i = 0;
        while (i < quoted.length()) {
            char c = quoted.charAt(i);
            if (c == '"' || c == '\n') {
                throw invalid(quoted, i, c == '"' ? "unescaped '\"'" : "raw newline");
            }
            if (c != '\\') {
                int cp = quoted.codePointAt(i);
                i += Character.charCount(cp);
                // A lone surrogate (from a JSON \ud800 escape) is what Go's JSON decoder turns into U+FFFD.
                GoUtf8.encode(Character.isSurrogate((char) cp) ? 0xfffd : cp, out);
                continue;
            }
            if (i + 1 >= quoted.length()) throw invalid(quoted, i, "backslash at end");
            char e = quoted.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(0x07);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x' -> {
                    out.write((int) hexValue(quoted, i, 2));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int digits = e == 'u' ? 4 : 8;
                    long v = hexValue(quoted, i, digits);
                    if (v > Character.MAX_CODE_POINT || (v >= Character.MIN_SURROGATE && v <= Character.MAX_SURROGATE)) {
                        throw invalid(quoted, i - 2, "escape is not a Unicode scalar value");
                    }
                    GoUtf8.encode((int) v, out);
                    i += digits;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2; k++, i++) {
                        int d = i < quoted.length() ? quoted.charAt(i) - '0' : -1;
                        if (d < 0 || d > 7) throw invalid(quoted, i - 2 - k, "octal escape needs three digits");
                        v = v * 8 + d;
                    }
                    if (v > MAX_OCTAL_BYTE) throw invalid(quoted, i - 4, "octal escape above \\377");
                    out.write(v);
                }
                default -> throw invalid(quoted, i - 2, "unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }

    private static void appendEscapedRune(StringBuilder sb, int cp) {
        if (cp == '"' || cp == '\\') {
            sb.append('\\').append((char) cp);
            return;
        }
        if (isPrintable(cp)) {
            sb.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 0x07 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0b -> sb.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7f) hexEscape(sb, 'x', cp, 2);
                else if (cp <= 0xffff) hexEscape(sb, 'u', cp, 4);
                else hexEscape(sb, 'U', cp, 8);
            }
        }
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static void hexEscape(StringBuilder sb, char kind, int value, int digits) {
        sb.append('\\').append(kind);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) sb.append(HEX[(value >>> shift) & 0xf]);
    }

    /** {@code digits} ASCII hex digits (either case, as Go accepts) at {@code at}. */
    private static long hexValue(String s, int at, int digits) {
        if (at + digits > s.length()) throw invalid(s, at - 2, "escape needs " + digits + " hex digits");
        long v = 0;
        for (int k = 0; k < digits; k++) {
            char c = s.charAt(at + k);
            int d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else throw invalid(s, at - 2, "escape needs " + digits + " hex digits");
            v = v << 4 | d;
        }
        return v;
    }


    private static IllegalArgumentException invalid(String quoted, int index, String why) {
        return new IllegalArgumentException(
                "invalid quoted name \"" + quoted + "\": " + why + " at index " + index);
    }
}

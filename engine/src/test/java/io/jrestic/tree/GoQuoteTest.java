package io.jrestic.tree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.jrestic.json.JsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoQuoteTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static String jsonOf(String quoted) {
        return new String(new JsonWriter().value(quoted).toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void workedExamplesOfSection10_4() {
        assertEquals("a.txt", GoQuote.quote(utf8("a.txt")));
        assertEquals("we\\\"ird\\\\name", GoQuote.quote(utf8("we\"ird\\name")));
        assertEquals("tab\\there", GoQuote.quote(utf8("tab\there")));
        assertEquals("raw\\xfe", GoQuote.quote(hex("726177fe")));
        assertEquals("ü<&>", GoQuote.quote(hex("c3bc3c263e")));
    }

    @Test
    void workedExamplesInJsonText() {
        assertEquals("\"a.txt\"", jsonOf(GoQuote.quote(utf8("a.txt"))));
        assertEquals("\"we\\\\\\\"ird\\\\\\\\name\"", jsonOf(GoQuote.quote(utf8("we\"ird\\name"))));
        assertEquals("\"tab\\\\there\"", jsonOf(GoQuote.quote(utf8("tab\there"))));
        assertEquals("\"raw\\\\xfe\"", jsonOf(GoQuote.quote(hex("726177fe"))));
        assertEquals("\"ü\\u003c\\u0026\\u003e\"", jsonOf(GoQuote.quote(hex("c3bc3c263e"))));
    }

    @Test
    void controlAndNonPrintableCharacters() {
        assertEquals("\\a\\b\\f\\n\\r\\t\\v", GoQuote.quote(hex("07080c0a0d090b")));
        assertEquals("\\x00\\x1f\\x7f", GoQuote.quote(hex("001f7f")));
        assertEquals("\\u00a0", GoQuote.quote(utf8("\u00a0"))); // no-break space is not Go-printable
        assertEquals("\\u200b", GoQuote.quote(utf8("\u200b")));
        assertEquals("\\u0085", GoQuote.quote(utf8("\u0085")));
        assertEquals("\\U000e0001", GoQuote.quote(utf8(new String(Character.toChars(0xe0001)))));
        assertEquals("a b", GoQuote.quote(utf8("a b")));
        assertEquals("😀\ufffd", GoQuote.quote(utf8("😀\ufffd"))); // a real U+FFFD is printable
    }

    @Test
    void invalidUtf8IsEscapedOneByteAtATime() {
        // surrogate encoding, overlong form, truncated sequence, above U+10FFFF
        assertEquals("\\xed\\xa0\\x80", GoQuote.quote(hex("eda080")));
        assertEquals("\\xc0\\xaf", GoQuote.quote(hex("c0af")));
        assertEquals("\\xe2\\x82", GoQuote.quote(hex("e282")));
        assertEquals("\\xf4\\x90\\x80\\x80", GoQuote.quote(hex("f4908080")));
        assertEquals("\\xe2x", GoQuote.quote(hex("e278")));
    }

    @Test
    void unquoteReadsEveryEscapeForm() {
        assertArrayEquals(hex("07080c0a0d090b5c22"), GoQuote.unquote("\\a\\b\\f\\n\\r\\t\\v\\\\\\\""));
        assertArrayEquals(hex("fe"), GoQuote.unquote("\\xfe"));
        assertArrayEquals(hex("fe"), GoQuote.unquote("\\xFE"));
        assertArrayEquals(hex("ff00"), GoQuote.unquote("\\377\\000"));
        assertArrayEquals(utf8("\u00e9"), GoQuote.unquote("\\u00e9"));
        assertArrayEquals(utf8("😀"), GoQuote.unquote("\\U0001F600"));
        assertArrayEquals(utf8("tab\there"), GoQuote.unquote("tab\there")); // a raw TAB is allowed
        assertArrayEquals(utf8("ü<&>"), GoQuote.unquote("ü<&>"));
        assertArrayEquals(utf8("\ufffd"), GoQuote.unquote("\ud800")); // lone surrogate from JSON
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\'", "\\q", "\\x4", "\\xg0", "\\400", "\\08", "\\0", "\\u12", "\\ud800",
            "\\U00110000", "\\", "a\"b", "a\nb", "\\UFFFFFFFF"})
    void invalidTextIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoQuote.unquote(text));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void randomBytesRoundTripThroughQuoteJsonAndUnquote() throws Exception {
        Random random = new Random(1);
        JsonFactory factory = new JsonFactory();
        for (int n = 0; n < 2000; n++) {
            byte[] raw = new byte[random.nextInt(24)];
            random.nextBytes(raw);
            if (n % 3 == 0) {
                // mostly-valid UTF-8 with a sprinkling of bad bytes exercises the multi-byte paths
                byte[] text = utf8("ä€😀\u00a0\u200b" + (char) random.nextInt(0x3000));
                raw = concat(text, raw.length > 0 ? new byte[]{raw[0]} : new byte[0]);
            }
            String quoted = GoQuote.quote(raw);
            assertArrayEquals(raw, GoQuote.unquote(quoted), quoted);
            try (JsonParser p = factory.createParser(new JsonWriter().value(quoted).toByteArray())) {
                p.nextToken();
                assertArrayEquals(raw, GoQuote.unquote(p.getText()), quoted);
            }
        }
    }

    @Test
    void printableFollowsGoCategories() {
        assertTrue(GoQuote.isPrintable('a'));
        assertTrue(GoQuote.isPrintable('~'));
        assertTrue(GoQuote.isPrintable(0x301)); // combining mark
        assertFalse(GoQuote.isPrintable(0x2028)); // line separator
        assertFalse(GoQuote.isPrintable(0xad)); // soft hyphen, format
        assertFalse(GoQuote.isPrintable(0xe000)); // private use
        assertFalse(GoQuote.isPrintable(0x378)); // unassigned
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

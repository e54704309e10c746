package io.jrestic.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pull reader follows Go's encoding/json: RFC 8259 grammar, case-insensitive names, null as "no value". */
class JsonReaderTest {
    private static JsonReader reader(String json) {
        return new JsonReader(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads {"a": ...} and returns the value read by {@code read}. */
    private static <T> T member(String valueJson, java.util.function.Function<JsonReader, T> read) {
        JsonReader r = reader("{\"a\": " + valueJson + "}");
        r.beginObject("doc");
        assertTrue(r.nextName());
        T value = read.apply(r);
        assertFalse(r.nextName());
        r.end();
        return value;
    }

    @Test
    void readsMembersAndElementsInOrderAcrossWhitespace() {
        JsonReader r = reader(" {\n\t\"list\" : [ \"x\" , null ,\"y\" ] , \"n\":7 }\r\n");
        r.beginObject("doc");
        assertTrue(r.nextName());
        assertEquals("list", r.name());
        r.beginArray("list");
        List<String> items = new ArrayList<>();
        while (r.nextElement()) items.add(r.readString("item"));
        assertEquals(java.util.Arrays.asList("x", null, "y"), items);
        assertTrue(r.nextName());
        assertEquals(7, r.readUnsigned("n", -1, 0));
        assertFalse(r.nextName());
        r.end();
    }

    @Test
    void readsHexAsWrittenOrReadsNothing() {
        byte[] into = new byte[2];
        assertEquals(Boolean.TRUE, member("\"0aFf\"", r -> r.tryReadHex(into)));
        assertEquals(List.of((byte) 0x0a, (byte) 0xff), List.of(into[0], into[1]));
        // each refusal leaves the value unread, so the caller can report it
        for (String other : List.of("\"0af\"", "\"0aff0\"", "\"0ag0\"", "\"\\u0030aff\"", "null", "12", "\"0aff")) {
            JsonReader r = reader("[" + other + "]");
            r.beginArray("doc");
            assertTrue(r.nextElement());
            int before = r.offset();
            assertFalse(r.tryReadHex(into), other);
            assertEquals(before, r.offset(), other);
        }
    }

    @Test
    void matchesAStringOnItsTextAsWritten() {
        assertEquals(Boolean.TRUE, member("\"data\"", r -> r.tryReadString(ascii("data"))));
        assertEquals(Boolean.FALSE, member("\"tree\"", r -> {
            boolean matched = r.tryReadString(ascii("data"));
            r.skipValue();
            return matched;
        }));
        assertEquals(Boolean.FALSE, member("\"\\u0064ata\"", r -> {
            boolean matched = r.tryReadString(ascii("data"));
            assertEquals("data", r.readString("a"));
            return matched;
        }));
        assertEquals(Boolean.FALSE, member("\"dat\"", r -> r.tryReadString(ascii("data")) || r.readString("a") == null));
    }

    @Test
    void emptyContainers() {
        JsonReader r = reader("{\"o\":{},\"a\":[]}");
        r.beginObject("doc");
        assertTrue(r.nextName());
        r.beginObject("o");
        assertFalse(r.nextName());
        assertTrue(r.nextName());
        r.beginArray("a");
        assertFalse(r.nextElement());
        assertFalse(r.nextName());
        r.end();
    }

    @Test
    void namesMatchIgnoringCaseAsGoDoes() {
        JsonReader r = reader("{\"MTime\":1,\"m\\u0074ime\":2,\"lin\u212As\":3,\"\u017Fize\":5,\"mtimes\":4}");
        r.beginObject("doc");
        assertTrue(r.nextName());
        assertTrue(r.nameIs(ascii("mtime")));
        r.skipValue();
        assertTrue(r.nextName());
        assertTrue(r.nameIs(ascii("mtime")), "an escaped name matches by its text");
        r.skipValue();
        assertTrue(r.nextName());
        assertTrue(r.nameIs(ascii("links")), "the Kelvin sign folds to k");
        assertFalse(r.nameIs(ascii("link")));
        r.skipValue();
        assertTrue(r.nextName());
        assertTrue(r.nameIs(ascii("size")), "the long s folds to s");
        r.skipValue();
        assertTrue(r.nextName());
        assertFalse(r.nameIs(ascii("mtime")));
        assertEquals("mtimes", r.name());
        r.skipValue();
        assertFalse(r.nextName());
        // what a name is matched against is lower-case ASCII, checked once when the constant is made
        assertThrows(IllegalArgumentException.class, () -> JsonReader.fieldName("mTime"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.fieldName("lin\u212As"));
    }

    @Test
    void stringsDecodeEscapesSurrogatesAndInvalidUtf8LikeGo() {
        assertEquals("a\"b\\c/d\b\f\n\r\t", member("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", r -> r.readString("a")));
        assertEquals("é😀", member("\"\\u00e9\\ud83d\\ude00\"", r -> r.readString("a")));
        assertEquals("x\ufffdy", member("\"x\\ud800y\"", r -> r.readString("a")), "a lone surrogate is U+FFFD");
        assertEquals("\ufffd\ufffdz", member("\"\\udc00\\ud800z\"", r -> r.readString("a")));
        byte[] invalid = {'{', '"', 'a', '"', ':', '"', 'o', (byte) 0xff, 'k', '"', '}'};
        JsonReader r = new JsonReader(invalid);
        r.beginObject("doc");
        r.nextName();
        assertEquals("o\ufffdk", r.readString("a"));
        assertEquals("grüße", member("\"grüße\"", x -> x.readString("a")));
    }

    @Test
    void unsignedNumbersAreRangeCheckedAndNullIsZero() {
        assertEquals(42L, (long) member("null", r -> r.readUnsigned("a", -1, 42)), "null leaves the field as it was");
        assertEquals(0L, (long) member("0", r -> r.readUnsigned("a", -1, 0)));
        assertEquals(-1L, (long) member("18446744073709551615", r -> r.readUnsigned("a", -1, 0)), "uint64's maximum");
        assertEquals(4294967295L, (long) member("4294967295", r -> r.readUnsigned("a", 0xffff_ffffL, 0)));
        for (String bad : new String[] {"18446744073709551616", "99999999999999999999", "-1", "-0", "1.5", "1e3", "2E0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> member(bad, r -> r.readUnsigned("size", -1, 0)), bad);
            assertTrue(e.getMessage().startsWith("size: " + bad + " is out of range"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> member("4294967296", r -> r.readUnsigned("uid", 0xffff_ffffL, 0)));
        assertTrue(e.getMessage().startsWith("uid: "), e.getMessage());
    }

    @Test
    void aValueOfTheWrongKindNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> member("\"7\"", r -> r.readUnsigned("size", -1, 0)));
        assertFalse(e instanceof JsonReader.SyntaxException);
        assertEquals("size: want number, found string at byte 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> member("[1]", r -> r.readString("name")));
        assertEquals("name: want string, found array at byte 6", e.getMessage());
    }

    @Test
    void skipValueSkipsNestedValuesAndReadRawKeepsTheirText() {
        String value = "{\"x\": [1, -2.5e-3, {\"y\": [true, false, null, \"}]\\\"\"]}], \"z\": {}}";
        assertEquals(value, member(value, JsonReader::readRaw));
        JsonReader r = reader("[" + value + ", 3]");
        r.beginArray("doc");
        assertTrue(r.nextElement());
        r.skipValue();
        assertTrue(r.nextElement());
        assertEquals(3, r.readUnsigned("n", -1, 0));
        assertFalse(r.nextElement());
        r.end();
    }

    @Test
    void malformedJsonIsASyntaxErrorWithItsOffset() {
        String[] bad = {
            "{\"a\":01}", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "{\"a\":\"x\ny\"}",
            "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":-}", "{\"a\":1.}",
            "{\"a\":1e}", "{\"a\":\"open", "{\"a\":[1,2", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":1}}", "{\"a\":1} 2",
        };
        for (String json : bad) {
            JsonReader.SyntaxException e = assertThrows(JsonReader.SyntaxException.class, () -> {
                JsonReader r = reader(json);
                r.skipValue();
                r.end();
            }, json);
            assertTrue(e.getMessage().matches(".* at byte \\d+"), e.getMessage());
        }
    }

    @Test
    void nestingDeeperThanGoAllowsIsRefused() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        JsonReader.SyntaxException e = assertThrows(JsonReader.SyntaxException.class, () -> reader(deep).skipValue());
        assertTrue(e.getMessage().startsWith("exceeded max depth"), e.getMessage());
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        JsonReader r = reader(ok);
        r.skipValue();
        r.end();
    }

    @Test
    void nullIsConsumedOnlyWhenItIsNext() {
        JsonReader r = reader("[null, \"s\"]");
        r.beginArray("doc");
        assertTrue(r.nextElement());
        assertTrue(r.nextIsNull());
        assertTrue(r.nextElement());
        assertFalse(r.nextIsNull());
        assertEquals("s", r.readString("s"));
        assertFalse(r.nextElement());
        assertNull(member("null", x -> x.readString("a")));
    }
}

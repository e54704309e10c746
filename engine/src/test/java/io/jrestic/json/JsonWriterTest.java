package io.jrestic.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void escapesLikeGo119ByDefault() {
        String json = str(new JsonWriter().value("a\"b\\c\n\r\t\b\f<>&\u2028\u0001\u007f/ü").toByteArray());
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0008\\u000c\\u003c\\u003e\\u0026\\u2028\\u0001\u007f/ü\"", json);
    }

    @Test
    void modernEscapesUseShortFormsForBackspaceAndFormFeed() {
        assertEquals("\"\\b\\f\"", str(new JsonWriter().goModernEscapes().value("\b\f").toByteArray()));
    }

    @Test
    void invalidUtf8BytesBecomeReplacementEscapesOneByteAtATime() {
        byte[] target = {'b', 'a', 'd', (byte) 0xff, 'n', (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        assertEquals("\"bad\\ufffdn\\ufffd\\ufffd\\ufffd\"", str(new JsonWriter().valueUtf8Bytes(target).toByteArray()));
    }

    @Test
    void commasAndNestingAreAutomatic() {
        byte[] json = new JsonWriter().beginObject().name("a").value(1).name("b").beginArray().value("x").value(true)
                .nullValue().endArray().name("c").beginObject().endObject().endObject().toByteArray();
        assertEquals("{\"a\":1,\"b\":[\"x\",true,null],\"c\":{}}", str(json));
    }

    @Test
    void unsignedNumbersPrintAsGoUint64() {
        assertEquals("18446744073709551615", str(new JsonWriter().valueUnsigned(-1L).toByteArray()));
    }

    @Test
    void floatsPrintLikeGo() {
        assertEquals("0.229992972", str(new JsonWriter().value(0.229992972).toByteArray()));
        assertEquals("1", str(new JsonWriter().value(1.0).toByteArray()));
        assertEquals("1e-07", str(new JsonWriter().value(1e-7).toByteArray()));
    }

    @Test
    void timesFollowRfc3339NanoAsGoPrintsIt() {
        assertEquals("2024-03-01T02:03:04Z",
                GoTime.format(OffsetDateTime.of(2024, 3, 1, 2, 3, 4, 0, ZoneOffset.UTC)));
        assertEquals("2024-05-06T07:08:09.5+02:00",
                GoTime.format(OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 500_000_000, ZoneOffset.ofHours(2))));
        assertEquals("2020-02-29T13:34:56.123456789-01:15",
                GoTime.format(OffsetDateTime.of(2020, 2, 29, 13, 34, 56, 123456789, ZoneOffset.ofHoursMinutesSeconds(-1, -15, -30))));
        assertEquals("2020-02-29T13:34:56+00:00",
                GoTime.format(OffsetDateTime.of(2020, 2, 29, 13, 34, 56, 0, ZoneOffset.ofTotalSeconds(30))));
        OffsetDateTime parsed = GoTime.parse("2026-11-24T09:58:20.314127117+01:00");
        assertEquals("2026-11-24T09:58:20.314127117+01:00", GoTime.format(parsed));
        assertEquals(Instant.parse("2026-11-24T08:58:20.314127117Z"), parsed.toInstant());
    }

    @Test
    void indentMatchesGoJsonIndent() {
        byte[] compact = "{\"a\":[1,2],\"b\":{},\"c\":[],\"d\":\"x,{y}\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": [],\n  \"d\": \"x,{y}\"\n}",
                str(JsonIndent.indent(compact, "  ")));
    }
}

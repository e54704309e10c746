package io.jrestic.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexFileTest {
    /** An index file written by restic 0.14.0 for a one-file backup (v2 repository), as {@code restic cat index} shows it. */
    static final String RESTIC_014_INDEX = "{\"packs\":["
            + "{\"id\":\"62304aecd82d692233f97aa7ff8d18bda2349312446b803eb7fa55b60462fb2a\",\"blobs\":["
            + "{\"id\":\"fbbd69198637d5360353c39796181175de6311c2a61abe2fe6392c938018660f\",\"type\":\"data\",\"offset\":0,\"length\":54,\"uncompressed_length\":13}]},"
            + "{\"id\":\"de1573e42d6b09d80de6dbd7f1dba4a07054d7f8bc2b33b802716148868d6b80\",\"blobs\":["
            + "{\"id\":\"7d8a2e775da9a441be68ef02021d83df4c8c15222d49a845fc0ca45d1f881113\",\"type\":\"tree\",\"offset\":0,\"length\":254,\"uncompressed_length\":355},"
            + "{\"id\":\"1e39568294a954d5600c48b6d1f57ef6829d8f3b3683bc9f60977067915a0d91\",\"type\":\"tree\",\"offset\":254,\"length\":254,\"uncompressed_length\":359},"
            + "{\"id\":\"e724594e774ffd0d832142492b757eb5e9134b1a3787cfdadef44fa0c04d2666\",\"type\":\"tree\",\"offset\":508,\"length\":248,\"uncompressed_length\":351}]}]}\n";

    private static final Id PACK = Id.parse("11".repeat(32));
    private static final Id BLOB_A = Id.parse("aa".repeat(32));
    private static final Id BLOB_B = Id.parse("bb".repeat(32));

    @Test
    void writesTheSpecExampleShape() {
        IndexFile index = IndexFile.of(List.of(new IndexPack(PACK, List.of(
                new PackBlob(BlobType.DATA, BLOB_A, 0, 53, 12),
                new PackBlob(BlobType.DATA, BLOB_B, 53, 42, 1)))));
        String expected = "{\"packs\":[{\"id\":\"" + PACK + "\",\"blobs\":["
                + "{\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":0,\"length\":53,\"uncompressed_length\":12},"
                + "{\"id\":\"" + BLOB_B + "\",\"type\":\"data\",\"offset\":53,\"length\":42,\"uncompressed_length\":1}]}]}\n";
        assertEquals(expected, new String(index.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void resticsOwnIndexRoundTripsByteForByte() throws InvalidIndexException {
        IndexFile index = IndexFile.parse(RESTIC_014_INDEX.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, index.packs().size());
        assertEquals(4, index.blobCount());
        PackBlob tree = index.packs().get(1).blobs().get(1);
        assertEquals(new PackBlob(BlobType.TREE, Id.parse("1e39568294a954d5600c48b6d1f57ef6829d8f3b3683bc9f60977067915a0d91"),
                254, 254, 359), tree);
        assertEquals(RESTIC_014_INDEX, new String(index.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void uncompressedBlobsOmitUncompressedLength() {
        IndexFile index = IndexFile.of(List.of(new IndexPack(PACK, List.of(new PackBlob(BlobType.TREE, BLOB_A, 0, 40, 0)))));
        String json = new String(index.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.endsWith("\"type\":\"tree\",\"offset\":0,\"length\":40}]}]}\n"), json);
    }

    @Test
    void supersedesIsWrittenOnlyWhenNonEmpty() throws InvalidIndexException {
        assertEquals("{\"packs\":[]}\n", new String(IndexFile.of(List.of()).toJson(), StandardCharsets.UTF_8));
        IndexFile rewritten = new IndexFile(List.of(BLOB_A), List.of());
        String json = new String(rewritten.toJson(), StandardCharsets.UTF_8);
        assertEquals("{\"supersedes\":[\"" + BLOB_A + "\"],\"packs\":[]}\n", json);
        assertEquals(rewritten, IndexFile.parse(rewritten.toJson()));
    }

    @Test
    void readsWhatGoAccepts() throws InvalidIndexException {
        String json = """
                {
                  "Packs": [ { "ID": "%s", "extra": {"nested": [1, 2, {"x": null}]},
                    "blobs": [ { "type": "data", "Offset": 0, "id": "%s", "LENGTH": 40, "comment": "hi" } ] } ],
                  "unknown": true
                }
                """.formatted(PACK.toString().toUpperCase(), BLOB_A);
        IndexFile index = IndexFile.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new IndexPack(PACK, List.of(new PackBlob(BlobType.DATA, BLOB_A, 0, 40, 0)))), index.packs());
    }

    @Test
    void readsTheLegacyTopLevelArray() throws InvalidIndexException {
        String json = "[{\"id\":\"" + PACK + "\",\"blobs\":[{\"id\":\"" + BLOB_A + "\",\"type\":\"tree\",\"offset\":0,\"length\":100}]}]";
        IndexFile index = IndexFile.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), index.supersedes());
        assertEquals(1, index.blobCount());
    }

    @Test
    void nullListsAreEmpty() throws InvalidIndexException {
        assertEquals(0, IndexFile.parse("{\"supersedes\":null,\"packs\":null}".getBytes()).packs().size());
        assertEquals(0, IndexFile.parse("{}".getBytes()).packs().size());
    }

    @Test
    void rejectsInvalidIds() {
        String shortId = "{\"packs\":[{\"id\":\"" + "1".repeat(63) + "\",\"blobs\":[]}]}";
        assertInvalid(shortId, "packs[0].id: want 64 hex digits, found \"" + "1".repeat(63) + "\"");
        String notHex = blobJson("\"id\":\"" + "g".repeat(64) + "\",\"type\":\"data\",\"offset\":0,\"length\":40");
        assertInvalid(notHex, "packs[0].blobs[0].id");
        String number = "{\"packs\":[{\"id\":5,\"blobs\":[]}]}";
        assertInvalid(number, "packs[0].id: want 64 hex digits, found number");
        assertInvalid("{\"packs\":[{\"blobs\":[]}]}", "packs[0] has no id");
    }

    @Test
    void rejectsIdsWithEscapesAsGoDoes() {
        // restic's ID.UnmarshalJSON hex-decodes the bytes between the quotes as written
        String escaped = "\\u0030" + PACK.toString().substring(1);
        assertInvalid("{\"packs\":[{\"id\":\"" + escaped + "\",\"blobs\":[]}]}", "packs[0].id: want 64 hex digits");
        assertInvalid("{\"packs\":[{\"id\":null,\"blobs\":[]}]}", "packs[0].id: want 64 hex digits, found null");
    }

    @Test
    void nullNumbersReadAsZeroAsInGo() throws InvalidIndexException {
        IndexFile index = IndexFile.parse(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":null,\"length\":40,"
                + "\"uncompressed_length\":null").getBytes(StandardCharsets.UTF_8));
        assertEquals(new PackBlob(BlobType.DATA, BLOB_A, 0, 40, 0), index.packs().getFirst().blobs().getFirst());
    }

    @Test
    void rejectsUnknownBlobTypes() {
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"Data\",\"offset\":0,\"length\":40"),
                "packs[0].blobs[0].type \"Data\" is not \"data\" or \"tree\"");
        // Go compares the type's JSON text as written, so an escaped letter is not "data" either
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"\\u0064ata\",\"offset\":0,\"length\":40"),
                "packs[0].blobs[0].type \"\\u0064ata\" is not");
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"offset\":0,\"length\":40"), "has no type");
    }

    @Test
    void rejectsNumbersThatAreNotUnsignedIntegers() {
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":-1,\"length\":40"), "packs[0].blobs[0].offset: -1 is out of range");
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":0,\"length\":40.5"), "packs[0].blobs[0].length: 40.5 is out of range");
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":0,\"length\":\"40\""), "packs[0].blobs[0].length: want number, found string");
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":0,\"length\":4294967296"), "4294967296 is out of range");
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":0,\"length\":12"), "shorter than an envelope");
        assertInvalid(blobJson("\"id\":\"" + BLOB_A + "\",\"type\":\"data\",\"offset\":0"), "has no length");
    }

    @Test
    void rejectsMalformedDocumentsNamingTheLocation() {
        assertInvalid("{\"packs\":[}", "malformed JSON: invalid character '}' looking for beginning of value at byte 10");
        assertInvalid("\"packs\"", "an index is a JSON object, found a string");
        assertInvalid("{\"packs\":[]} {}", "malformed JSON: invalid character '{' after top-level value at byte 13");
        assertInvalid("", "malformed JSON: unexpected end of JSON input at byte 0");
    }

    @Test
    void errorsNameTheFile() {
        InvalidIndexException e = assertThrows(InvalidIndexException.class,
                () -> IndexFile.parse("[1]".getBytes(), "index 0123abcd"));
        assertEquals("index 0123abcd: packs[0]: want object, found number at byte 1", e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    private static String blobJson(String fields) {
        return "{\"packs\":[{\"id\":\"" + PACK + "\",\"blobs\":[{" + fields + "}]}]}";
    }

    private static InvalidIndexException assertInvalid(String json, String messagePart) {
        InvalidIndexException e = assertThrows(InvalidIndexException.class,
                () -> IndexFile.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }
}

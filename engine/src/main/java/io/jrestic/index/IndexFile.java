package io.jrestic.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.id.Id;
import io.jrestic.json.JsonWriter;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON document inside an index file (restic-format §9.1):
 * {@code {"supersedes":[…],"packs":[{"id":…,"blobs":[{"id","type","offset","length","uncompressed_length"}]}]}}.
 *
 * <p>Writing follows restic: {@code supersedes} only when non-empty, {@code uncompressed_length} only for
 * compressed blobs, one trailing newline. Reading is what restic's Go decoder accepts: unknown fields are
 * ignored, field names match case-insensitively, and the legacy form (a top-level array of packs) is read as
 * an index without {@code supersedes}. IDs, blob types and numbers are checked strictly.
 */
public record IndexFile(List<Id> supersedes, List<IndexPack> packs) {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final byte[] NEWLINE = {'\n'};

    public IndexFile {
        supersedes = List.copyOf(supersedes);
        packs = List.copyOf(packs);
    }

    /** An index file of {@code packs} that supersedes nothing, as new index files are. */
    public static IndexFile of(List<IndexPack> packs) {
        return new IndexFile(List.of(), packs);
    }

    /** Total blob entries over all packs. */
    public int blobCount() {
        int n = 0;
        for (IndexPack p : packs) n += p.blobs().size();
        return n;
    }

    /** The JSON restic writes for this index, ending in a newline. */
    public byte[] toJson() {
        JsonWriter w = new JsonWriter(64 + 160 * blobCount());
        w.beginObject();
        if (!supersedes.isEmpty()) {
            w.name("supersedes").beginArray();
            for (Id id : supersedes) w.value(id.toString());
            w.endArray();
        }
        w.name("packs").beginArray();
        for (IndexPack pack : packs) {
            w.beginObject().name("id").value(pack.packId().toString()).name("blobs").beginArray();
            for (PackBlob b : pack.blobs()) {
                w.beginObject()
                        .name("id").value(b.id().toString())
                        .name("type").value(b.type().jsonName())
                        .name("offset").value(b.offset())
                        .name("length").value(b.length());
                if (b.isCompressed()) w.name("uncompressed_length").value(b.uncompressedLength());
                w.endObject();
            }
            w.endArray().endObject();
        }
        w.endArray().endObject();
        w.rawBytes(NEWLINE);
        return w.toByteArray();
    }

    public static IndexFile parse(byte[] json) throws InvalidIndexException {
        return parse(json, "index");
    }

    /** Parses index JSON; {@code where} (e.g. "index 1a2b…") starts every error message. */
    public static IndexFile parse(byte[] json, String where) throws InvalidIndexException {
        try (JsonParser p = JSON.createParser(json)) {
            Reader reader = new Reader(p, where);
            IndexFile index = reader.document();
            if (p.nextToken() != null) throw reader.error("unexpected content after the index document");
            return index;
        } catch (InvalidIndexException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvalidIndexException(where + ": malformed JSON: " + e.getOriginalMessage() + at(e.getLocation()), e);
        } catch (IOException e) {
            throw new InvalidIndexException(where + ": " + e.getMessage(), e);
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /**
     * One pass over the token stream; each method starts on the token of the value it reads. Where the reader is
     * (pack and blob index) is kept as numbers and spelled out only for an error message: building a label per blob
     * cost more than reading the blob.
     */
    private static final class Reader {
        private final JsonParser p;
        private final String where;
        private int packIndex = -1;
        private int blobIndex = -1;

        Reader(JsonParser p, String where) {
            this.p = p;
            this.where = where;
        }

        IndexFile document() throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) return new IndexFile(List.of(), packArray());
            if (t != JsonToken.START_OBJECT) throw error("an index is a JSON object, found " + describe(t));
            List<Id> supersedes = List.of();
            List<IndexPack> packs = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equalsIgnoreCase("supersedes")) {
                    supersedes = idArray("supersedes");
                } else if (name.equalsIgnoreCase("packs")) {
                    packs = packArray();
                } else {
                    p.skipChildren();
                }
            }
            return new IndexFile(supersedes, packs);
        }

        /** The current pack and blob, then {@code field}: "packs[3].blobs[5].length". */
        private String label(String field) {
            StringBuilder b = new StringBuilder();
            if (packIndex >= 0) {
                b.append("packs[").append(packIndex).append(']');
                if (blobIndex >= 0) b.append(".blobs[").append(blobIndex).append(']');
            }
            return b.append(field).toString();
        }

        private List<Id> idArray(String what) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) return List.of();
            expect(JsonToken.START_ARRAY, what);
            List<Id> ids = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) ids.add(id(what + "[" + ids.size() + "]"));
            return ids;
        }

        private List<IndexPack> packArray() throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) return List.of();
            expect(JsonToken.START_ARRAY, "packs");
            List<IndexPack> packs = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                packIndex = packs.size();
                blobIndex = -1;
                packs.add(pack());
            }
            packIndex = -1;
            return packs;
        }

        private IndexPack pack() throws IOException {
            expect(JsonToken.START_OBJECT, "");
            Id id = null;
            List<PackBlob> blobs = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equalsIgnoreCase("id")) {
                    id = id(".id");
                } else if (name.equalsIgnoreCase("blobs")) {
                    blobs = blobArray();
                } else {
                    p.skipChildren();
                }
            }
            if (id == null) throw error(label("") + " has no id");
            return new IndexPack(id, blobs);
        }

        private List<PackBlob> blobArray() throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) return List.of();
            expect(JsonToken.START_ARRAY, ".blobs");
            List<PackBlob> blobs = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                blobIndex = blobs.size();
                blobs.add(blob());
            }
            blobIndex = -1;
            return blobs;
        }

        private PackBlob blob() throws IOException {
            expect(JsonToken.START_OBJECT, "");
            Id id = null;
            BlobType type = null;
            long offset = 0;
            long length = -1;
            long uncompressed = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equalsIgnoreCase("id")) {
                    id = id(".id");
                } else if (name.equalsIgnoreCase("type")) {
                    type = type(".type");
                } else if (name.equalsIgnoreCase("offset")) {
                    offset = unsigned(".offset", Long.MAX_VALUE);
                } else if (name.equalsIgnoreCase("length")) {
                    length = unsigned(".length", Integer.MAX_VALUE);
                } else if (name.equalsIgnoreCase("uncompressed_length")) {
                    uncompressed = unsigned(".uncompressed_length", Integer.MAX_VALUE);
                } else {
                    p.skipChildren();
                }
            }
            if (id == null) throw error(label("") + " has no id");
            if (type == null) throw error(label("") + " (blob " + id + ") has no type");
            if (length < 0) throw error(label("") + " (blob " + id + ") has no length");
            try {
                return new PackBlob(type, id, offset, (int) length, (int) uncompressed);
            } catch (IllegalArgumentException e) {
                throw error(label("") + ": " + e.getMessage());
            }
        }

        /** {@code field} is relative to the current pack or blob ({@link #label}). */
        private Id id(String field) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw error(label(field) + " must be a string of 64 hex digits, found " + describe(p.currentToken()));
            }
            String text = p.getText();
            if (!Id.isValid(text)) throw error(label(field) + " \"" + text + "\" is not 64 hex digits");
            return Id.parse(text);
        }

        private BlobType type(String field) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw error(label(field) + " must be \"data\" or \"tree\", found " + describe(p.currentToken()));
            }
            String text = p.getText();
            return switch (text) {
                case "data" -> BlobType.DATA;
                case "tree" -> BlobType.TREE;
                default -> throw error(label(field) + " \"" + text + "\" is not \"data\" or \"tree\"");
            };
        }

        private long unsigned(String field, long max) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw error(label(field) + " must be an unsigned integer, found " + describe(p.currentToken()));
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw error(label(field) + " " + p.getText() + " is too large");
            long v = p.getLongValue();
            if (v < 0) throw error(label(field) + " " + v + " is negative");
            if (v > max) throw error(label(field) + " " + v + " is too large");
            return v;
        }

        private void expect(JsonToken token, String field) throws InvalidIndexException {
            if (p.currentToken() != token) {
                throw error(label(field) + " must be " + describe(token) + ", found " + describe(p.currentToken()));
            }
        }

        InvalidIndexException error(String message) {
            return new InvalidIndexException(where + ": " + message + at(p.currentTokenLocation()));
        }

        private static String describe(JsonToken t) {
            if (t == null) return "end of input";
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.toString();
            };
        }
    }
}

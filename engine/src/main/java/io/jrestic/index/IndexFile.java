package io.jrestic.index;

import io.jrestic.id.Id;
import io.jrestic.json.JsonReader;
import io.jrestic.json.JsonValues;
import io.jrestic.json.JsonWriter;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
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
        JsonReader r = new JsonReader(json);
        Reader reader = new Reader(r, where);
        try {
            IndexFile index = reader.document();
            r.end();
            return index;
        } catch (JsonReader.SyntaxException e) {
            throw new InvalidIndexException(where + ": malformed JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw reader.valueError(e);
        }
    }

    /**
     * One pass over the document with Go's rules ({@link JsonReader}). Where the reader is (pack and blob index) is
     * kept as numbers and spelled out only for an error message: building a label per blob cost more than reading
     * the blob. So values are read naming their field relative to the current pack or blob (".id"), and
     * {@link #valueError} puts the label in front.
     */
    private static final class Reader {
        private static final byte[] SUPERSEDES = JsonReader.fieldName("supersedes");
        private static final byte[] PACKS = JsonReader.fieldName("packs");
        private static final byte[] ID = JsonReader.fieldName("id");
        private static final byte[] BLOBS = JsonReader.fieldName("blobs");
        private static final byte[] TYPE = JsonReader.fieldName("type");
        private static final byte[] OFFSET = JsonReader.fieldName("offset");
        private static final byte[] LENGTH = JsonReader.fieldName("length");
        private static final byte[] UNCOMPRESSED_LENGTH = JsonReader.fieldName("uncompressed_length");
        private static final byte[] DATA = BlobType.DATA.jsonName().getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TREE = BlobType.TREE.jsonName().getBytes(StandardCharsets.US_ASCII);

        private final JsonReader r;
        private final String where;
        private int packIndex = -1;
        private int blobIndex = -1;

        Reader(JsonReader r, String where) {
            this.r = r;
            this.where = where;
        }

        IndexFile document() throws InvalidIndexException {
            JsonReader.Kind kind = r.peek();
            if (kind == JsonReader.Kind.ARRAY) return new IndexFile(List.of(), packArray());
            if (kind != JsonReader.Kind.OBJECT) throw error("an index is a JSON object, found " + describe(kind));
            r.beginObject("index");
            List<Id> supersedes = List.of();
            List<IndexPack> packs = List.of();
            while (r.nextName()) {
                if (r.nameIs(SUPERSEDES)) {
                    supersedes = idArray();
                } else if (r.nameIs(PACKS)) {
                    packs = packArray();
                } else {
                    r.skipValue();
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

        private List<Id> idArray() throws InvalidIndexException {
            if (r.nextIsNull()) return List.of();
            r.beginArray("supersedes");
            List<Id> ids = new ArrayList<>();
            while (r.nextElement()) ids.add(JsonValues.id(r, "supersedes[" + ids.size() + "]"));
            return ids;
        }

        private List<IndexPack> packArray() throws InvalidIndexException {
            if (r.nextIsNull()) return List.of();
            r.beginArray("packs");
            List<IndexPack> packs = new ArrayList<>();
            while (r.nextElement()) {
                packIndex = packs.size();
                blobIndex = -1;
                packs.add(pack());
            }
            packIndex = -1;
            return packs;
        }

        private IndexPack pack() throws InvalidIndexException {
            r.beginObject("");
            Id id = null;
            List<PackBlob> blobs = List.of();
            while (r.nextName()) {
                if (r.nameIs(ID)) {
                    id = JsonValues.id(r, ".id");
                } else if (r.nameIs(BLOBS)) {
                    blobs = blobArray();
                } else {
                    r.skipValue();
                }
            }
            if (id == null) throw error(label("") + " has no id");
            return new IndexPack(id, blobs);
        }

        private List<PackBlob> blobArray() throws InvalidIndexException {
            if (r.nextIsNull()) return List.of();
            r.beginArray(".blobs");
            List<PackBlob> blobs = new ArrayList<>();
            while (r.nextElement()) {
                blobIndex = blobs.size();
                blobs.add(blob());
            }
            blobIndex = -1;
            return blobs;
        }

        /** A blob entry; a number given as null leaves the field as it was, as in Go. */
        private PackBlob blob() throws InvalidIndexException {
            r.beginObject("");
            Id id = null;
            BlobType type = null;
            long offset = 0;
            long length = -1;
            long uncompressed = 0;
            while (r.nextName()) {
                if (r.nameIs(ID)) {
                    id = JsonValues.id(r, ".id");
                } else if (r.nameIs(TYPE)) {
                    type = type();
                } else if (r.nameIs(OFFSET)) {
                    offset = r.readUnsigned(".offset", Long.MAX_VALUE, offset);
                } else if (r.nameIs(LENGTH)) {
                    length = r.readUnsigned(".length", Integer.MAX_VALUE, length);
                } else if (r.nameIs(UNCOMPRESSED_LENGTH)) {
                    uncompressed = r.readUnsigned(".uncompressed_length", Integer.MAX_VALUE, uncompressed);
                } else {
                    r.skipValue();
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

        /** Go matches a blob type on its JSON text as written ({@link JsonReader#tryReadString}). */
        private BlobType type() throws InvalidIndexException {
            if (r.tryReadString(DATA)) return BlobType.DATA;
            if (r.tryReadString(TREE)) return BlobType.TREE;
            JsonReader.Kind kind = r.peek();
            if (kind != JsonReader.Kind.STRING) throw error(label(".type") + " must be \"data\" or \"tree\", found " + describe(kind));
            int at = r.offset();
            throw error(label(".type") + " " + r.readRaw() + " is not \"data\" or \"tree\"", at);
        }

        InvalidIndexException error(String message) {
            return error(message, r.offset());
        }

        private InvalidIndexException error(String message, int at) {
            return new InvalidIndexException(where + ": " + message + " at byte " + at);
        }

        /**
         * JsonReader's error for a value of the wrong kind or range, which names the field relative to the current
         * pack or blob and ends with the byte offset.
         */
        InvalidIndexException valueError(IllegalArgumentException e) {
            return new InvalidIndexException(where + ": " + label("") + e.getMessage(), e);
        }

        private static String describe(JsonReader.Kind kind) {
            return switch (kind) {
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
            };
        }
    }
}

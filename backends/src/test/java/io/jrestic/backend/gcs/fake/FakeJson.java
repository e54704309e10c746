package io.jrestic.backend.gcs.fake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The JSON the fake reads (flat request metadata) and writes (bucket, object, listing and error resources). */
final class FakeJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** A fixed time for every resource: the client parses these fields but jrestic never uses them. */
    private static final String TIME = "2024-01-01T00:00:00.000Z";

    private FakeJson() {
    }

    /** The top-level string and number fields of a JSON object; nested values are skipped. Empty for no body. */
    static Map<String, String> readFlat(byte[] json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        if (json.length == 0) return fields;
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) parser.skipChildren();
                else if (value.isScalarValue()) fields.put(field, parser.getValueAsString());
            }
        }
        return fields;
    }

    static byte[] bucket(String name, String location) {
        return write(json -> {
            json.writeStringField("kind", "storage#bucket");
            json.writeStringField("id", name);
            json.writeStringField("name", name);
            json.writeStringField("location", location);
            json.writeStringField("projectNumber", "0");
            json.writeStringField("metageneration", "1");
            json.writeStringField("storageClass", "STANDARD");
            json.writeStringField("timeCreated", TIME);
            json.writeStringField("updated", TIME);
            json.writeStringField("etag", "CAE=");
        });
    }

    static byte[] object(StoredObject object) {
        return write(json -> writeObjectFields(json, object));
    }

    static byte[] listing(List<StoredObject> items, String nextPageToken) {
        return write(json -> {
            json.writeStringField("kind", "storage#objects");
            json.writeArrayFieldStart("items");
            for (StoredObject item : items) {
                json.writeStartObject();
                writeObjectFields(json, item);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (nextPageToken != null) json.writeStringField("nextPageToken", nextPageToken);
        });
    }

    /** The JSON API's error shape: {@code {"error":{"code":…,"message":…,"errors":[{…,"reason":…}]}}}. */
    static byte[] error(int code, String reason, String message) {
        return write(json -> {
            json.writeObjectFieldStart("error");
            json.writeNumberField("code", code);
            json.writeStringField("message", message);
            json.writeArrayFieldStart("errors");
            json.writeStartObject();
            json.writeStringField("message", message);
            json.writeStringField("domain", "global");
            json.writeStringField("reason", reason);
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void writeObjectFields(JsonGenerator json, StoredObject object) throws IOException {
        json.writeStringField("kind", "storage#object");
        json.writeStringField("id", object.bucket() + "/" + object.name() + "/" + object.generation());
        json.writeStringField("name", object.name());
        json.writeStringField("bucket", object.bucket());
        // The JSON API sends 64-bit numbers as strings.
        json.writeStringField("generation", Long.toString(object.generation()));
        json.writeStringField("metageneration", "1");
        json.writeStringField("contentType", "application/octet-stream");
        json.writeStringField("size", Integer.toString(object.data().length));
        json.writeStringField("crc32c", object.crc32c());
        json.writeStringField("md5Hash", object.md5());
        json.writeStringField("storageClass", "STANDARD");
        json.writeStringField("timeCreated", TIME);
        json.writeStringField("updated", TIME);
        json.writeStringField("etag", "CAE=");
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

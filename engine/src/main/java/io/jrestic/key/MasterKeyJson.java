package io.jrestic.key;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.json.JsonWriter;
import java.io.IOException;

/**
 * The plaintext inside a key file's {@code data} (restic-format §4.3):
 * {@code {"mac":{"k":"<base64>","r":"<base64>"},"encrypt":"<base64>"}}.
 */
final class MasterKeyJson {
    private MasterKeyJson() {
    }

    /** restic's bytes for {@code key}, with {@code r} clamped as restic 0.14 stores it. */
    static byte[] encode(CryptoKey key) {
        return new JsonWriter(160)
                .beginObject()
                .name("mac").beginObject()
                .name("k").base64(key.macK())
                .name("r").base64(key.macR())
                .endObject()
                .name("encrypt").base64(key.encryptionKey())
                .endObject()
                .toByteArray();
    }

    /** Parses the master key; unknown fields are ignored, a missing or invalid part is an error. */
    static CryptoKey decode(byte[] json) {
        byte[] k = null, r = null, encrypt = null;
        try (JsonParser parser = KeyJson.FACTORY.createParser(json)) {
            KeyJson.expectObject(parser, "master key");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equalsIgnoreCase("mac")) {
                    if (parser.currentToken() == JsonToken.VALUE_NULL) continue;
                    KeyJson.expectObjectStart(parser, "master key mac");
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String macField = parser.currentName();
                        parser.nextToken();
                        if (macField.equalsIgnoreCase("k")) k = KeyJson.base64(parser, "master key mac.k");
                        else if (macField.equalsIgnoreCase("r")) r = KeyJson.base64(parser, "master key mac.r");
                        else parser.skipChildren();
                    }
                } else if (field.equalsIgnoreCase("encrypt")) {
                    encrypt = KeyJson.base64(parser, "master key encrypt");
                } else {
                    parser.skipChildren();
                }
            }
            KeyJson.expectEnd(parser, "master key");
        } catch (IOException e) {
            throw KeyJson.invalid("master key", e);
        }
        if (k == null || r == null || encrypt == null) {
            throw new IllegalArgumentException("invalid master key: mac.k, mac.r or encrypt is missing");
        }
        try {
            return CryptoKey.of(encrypt, k, r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid master key: " + e.getMessage(), e);
        }
    }
}

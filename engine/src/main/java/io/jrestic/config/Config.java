package io.jrestic.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.json.JsonWriter;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The plaintext of a repository's {@code config} file, e.g.
 * {@code {"version":2,"id":"5956…271b","chunker_polynomial":"25b468838dcb75"}}. The config is never compressed.
 *
 * @param version repository format version, {@link #VERSION_1} or {@link #VERSION_2}
 * @param id the repository ID, an opaque string (restic writes 64 hex digits)
 * @param chunkerPolynomial the Rabin polynomial of the chunker, as an unsigned 64-bit value
 */
public record Config(int version, String id, long chunkerPolynomial) {
    public static final int VERSION_1 = 1;
    /** Adds compression (restic 0.14). */
    public static final int VERSION_2 = 2;
    public static final int LATEST = VERSION_2;
    /** Random bytes in a new repository ID. */
    public static final int ID_BYTES = 32;
    private static final JsonFactory JSON = new JsonFactory();
    private static final SecureRandom RANDOM = new SecureRandom();

    public Config {
        checkVersion(version);
        Objects.requireNonNull(id, "id");
    }

    /** A config for a new repository, with a random ID. */
    public static Config create(int version, long chunkerPolynomial) {
        byte[] id = new byte[ID_BYTES];
        RANDOM.nextBytes(id);
        return new Config(version, HexFormat.of().formatHex(id), chunkerPolynomial);
    }

    /**
     * Parses the config JSON as restic does: unknown fields are ignored, the polynomial is hex in either case,
     * and a version outside 1–2 is rejected with "unsupported repository version N".
     */
    public static Config parse(byte[] json) {
        long version = 0;
        String id = "";
        long polynomial = 0;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw invalid("expected a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NULL) continue; // Go keeps the zero value
                switch (field.toLowerCase(java.util.Locale.ROOT)) { // Go matches names case-insensitively
                    case "version" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                || parser.getLongValue() < 0) {
                            throw invalid("version " + parser.getText() + " is not an unsigned integer");
                        }
                        version = parser.getLongValue();
                    }
                    case "id" -> {
                        if (value != JsonToken.VALUE_STRING) throw invalid("id is not a string");
                        id = parser.getText();
                    }
                    case "chunker_polynomial" -> {
                        if (value != JsonToken.VALUE_STRING) throw invalid("chunker_polynomial is not a string");
                        polynomial = parseHex(parser.getText());
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) throw invalid("data after the JSON object");
        } catch (JsonProcessingException e) {
            throw invalid(e.getOriginalMessage().replace('\n', ' ') + " at byte " + e.getLocation().getByteOffset());
        } catch (IOException e) {
            throw invalid(e.getMessage());
        }
        if (version < VERSION_1 || version > LATEST) {
            throw new IllegalArgumentException("unsupported repository version " + version);
        }
        return new Config((int) version, id, polynomial);
    }

    /** restic's exact bytes: compact, fields in restic's order, the polynomial as lowercase hex without leading zeros. */
    public byte[] toJson() {
        return new JsonWriter(160)
                .beginObject()
                .name("version").value(version)
                .name("id").value(id)
                .name("chunker_polynomial").value(Long.toHexString(chunkerPolynomial))
                .endObject()
                .toByteArray();
    }

    /** Go's {@code strconv.ParseUint(s, 16, 64)}: hex digits of either case, no sign or prefix, below 2^64. */
    private static long parseHex(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0)) {
            try {
                return Long.parseUnsignedLong(text, 16);
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw invalid("chunker_polynomial \"" + text + "\" is not a 64-bit hex number");
    }

    private static void checkVersion(int version) {
        if (version < VERSION_1 || version > LATEST) {
            throw new IllegalArgumentException("unsupported repository version " + version);
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("invalid config: " + problem);
    }
}

package io.jrestic.key;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Base64;

/**
 * Reading helpers shared by the key file and master-key parsers. Values are read as Go's {@code encoding/json}
 * would: {@code null} leaves the zero value, a value of the wrong JSON type is an error, and every error becomes a
 * one-line {@link IllegalArgumentException} naming the document and field.
 */
final class KeyJson {
    static final JsonFactory FACTORY = new JsonFactory();

    private KeyJson() {
    }

    static void expectObject(JsonParser parser, String what) throws IOException {
        parser.nextToken();
        expectObjectStart(parser, what);
    }

    static void expectObjectStart(JsonParser parser, String what) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("invalid " + what + ": expected a JSON object, found " + parser.currentToken());
        }
    }

    static void expectEnd(JsonParser parser, String what) throws IOException {
        if (parser.nextToken() != null) {
            throw new IllegalArgumentException("invalid " + what + ": data after the JSON object");
        }
    }

    static String string(JsonParser parser, String what) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> "";
            default -> throw wrongType(what, "a string", parser);
        };
    }

    static int integer(JsonParser parser, String what) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() != JsonParser.NumberType.INT) {
                    throw new IllegalArgumentException("invalid " + what + ": " + parser.getText() + " is out of range");
                }
                yield parser.getIntValue();
            }
            case VALUE_NULL -> 0;
            default -> throw wrongType(what, "an integer", parser);
        };
    }

    /** Standard Base64 with padding, Go's encoding of {@code []byte}; {@code null} is empty. */
    static byte[] base64(JsonParser parser, String what) throws IOException {
        String text = string(parser, what);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + what + ": not Base64 (" + e.getMessage() + ")", e);
        }
    }

    static IllegalArgumentException invalid(String what, IOException e) {
        String message = e instanceof JsonProcessingException j
                ? j.getOriginalMessage() + " at byte " + j.getLocation().getByteOffset()
                : e.getMessage();
        return new IllegalArgumentException("invalid " + what + ": " + message.replace('\n', ' '), e);
    }

    private static IllegalArgumentException wrongType(String what, String expected, JsonParser parser) {
        return new IllegalArgumentException("invalid " + what + ": expected " + expected + ", found " + parser.currentToken());
    }
}

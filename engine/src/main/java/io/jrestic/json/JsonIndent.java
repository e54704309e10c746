package io.jrestic.json;

import java.io.ByteArrayOutputStream;

/**
 * Re-indents compact JSON the way Go's {@code json.Indent} does ({@code restic cat} prints JSON this way):
 * one member per line, {@code ": "} after names, empty objects and arrays kept as {@code {}} and {@code []}.
 */
public final class JsonIndent {
    private JsonIndent() {
    }

    public static byte[] indent(byte[] json, String indent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length * 2);
        int depth = 0;
        boolean inString = false;
        boolean needIndent = false; // after an opening bracket, before knowing whether the container is empty
        for (int i = 0; i < json.length; i++) {
            byte c = json[i];
            if (inString) {
                out.write(c);
                if (c == '\\') {
                    out.write(json[++i]);
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
            if (needIndent && c != ']' && c != '}') {
                newline(out, indent, depth);
                needIndent = false;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.write(c);
                }
                case '{', '[' -> {
                    out.write(c);
                    depth++;
                    needIndent = true;
                }
                case '}', ']' -> {
                    depth--;
                    if (needIndent) {
                        needIndent = false; // empty container stays on one line
                    } else {
                        newline(out, indent, depth);
                    }
                    out.write(c);
                }
                case ',' -> {
                    out.write(c);
                    newline(out, indent, depth);
                }
                case ':' -> {
                    out.write(c);
                    out.write(' ');
                }
                default -> out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static void newline(ByteArrayOutputStream out, String indent, int depth) {
        out.write('\n');
        for (int d = 0; d < depth; d++) out.writeBytes(indent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}

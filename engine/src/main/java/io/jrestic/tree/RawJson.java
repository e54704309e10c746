package io.jrestic.tree;

/** Go's {@code json.Compact} with HTML escaping, applied to a raw JSON value when it is written again. */
final class RawJson {
    private RawJson() {
    }

    /** {@code json} without insignificant whitespace, with {@code < > &} and U+2028/U+2029 escaped in strings. */
    static String compact(String json) {
        StringBuilder sb = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                } else if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                    sb.append(String.format("\\u%04x", (int) c));
                    continue;
                }
                sb.append(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                if (c == '"') inString = true;
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

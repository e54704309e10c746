package io.jrestic.fs;

import io.jrestic.json.GoUtf8;

/**
 * A raw path as one line of readable text for error messages: valid UTF-8 stays as it is, while bytes that are not
 * valid UTF-8, control characters and the backslash are escaped ({@code \xfe}, {@code \x0a}, {@code \\}), so the
 * text is unambiguous and never spans lines.
 */
final class PathText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PathText() {
    }

    static String of(byte[] path) {
        StringBuilder sb = new StringBuilder(path.length + 8);
        for (int i = 0; i < path.length; ) {
            int len = GoUtf8.decodedLength(path, i);
            int cp = len < 0 ? -1 : GoUtf8.codePointAt(path, i, len);
            if (cp == '\\') {
                sb.append("\\\\");
            } else if (len < 0 || cp < 0x20 || cp == 0x7f) {
                int b = path[i] & 0xff;
                sb.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xf]);
                len = 1;
            } else {
                sb.appendCodePoint(cp);
            }
            i += len;
        }
        return sb.toString();
    }
}

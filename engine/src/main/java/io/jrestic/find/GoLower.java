package io.jrestic.find;

/** Go's {@code strings.ToLower}: each code point lowered on its own, without Java's context rules. */
final class GoLower {
    private GoLower() {
    }

    static String of(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(cp)));
        return b.toString();
    }
}

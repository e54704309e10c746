package io.jrestic.filter;

/**
 * Go's {@code filepath.Match} for one path component: {@code *}, {@code ?}, character classes {@code [a-z]},
 * {@code [^...]} and backslash escapes. No component contains a separator, so {@code *} is unrestricted here.
 */
final class Glob {
    private Glob() {
    }

    static boolean hasMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '[' || c == ']' || c == '*' || c == '?') return true;
        }
        return false;
    }

    /** Rejects malformed classes and trailing escapes, as Go's ErrBadPattern. */
    static void validate(String pattern, String whole) {
        try {
            matches(pattern, "");
            // A class is only parsed when reached; probe each one explicitly.
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\') {
                    if (++i >= pattern.length()) throw new IllegalArgumentException();
                } else if (c == '[') {
                    i = classEnd(pattern, i) - 1;
                }
            }
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("invalid pattern \"" + whole + "\": syntax error in pattern");
        }
    }

    static boolean matches(String p, String s) {
        return match(p, 0, s, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi < p.length() && p.charAt(pi) == '*') pi++;
                    if (pi == p.length()) return true;
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) return true;
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) return false;
                    si += Character.charCount(s.codePointAt(si));
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length()) return false;
                    int end = classEnd(p, pi);
                    int cp = s.codePointAt(si);
                    if (!classMatches(p, pi + 1, end - 1, cp)) return false;
                    si += Character.charCount(cp);
                    pi = end;
                }
                case '\\' -> {
                    pi++;
                    if (pi >= p.length()) throw new IllegalArgumentException("trailing backslash");
                    if (si >= s.length() || s.charAt(si) != p.charAt(pi)) return false;
                    pi++;
                    si++;
                }
                default -> {
                    if (si >= s.length() || s.charAt(si) != c) return false;
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    /** Index just past the closing ']' of the class starting at {@code open}. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') i++;
        boolean first = true;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == ']' && !first) return i + 1;
            if (c == '\\') i++;
            if (c == '-' && first) throw new IllegalArgumentException("bad range");
            i++;
            first = false;
        }
        throw new IllegalArgumentException("unterminated class");
    }

    private static boolean classMatches(String p, int from, int to, int cp) {
        boolean negate = from < to && p.charAt(from) == '^';
        if (negate) from++;
        boolean matched = false;
        int i = from;
        while (i < to) {
            int lo = p.charAt(i) == '\\' ? p.charAt(++i) : p.codePointAt(i);
            i += Character.charCount(lo);
            int hi = lo;
            if (i + 1 < to && p.charAt(i) == '-') {
                i++;
                hi = p.charAt(i) == '\\' ? p.charAt(++i) : p.codePointAt(i);
                i += Character.charCount(hi);
                if (hi < lo) throw new IllegalArgumentException("bad range");
            }
            if (lo <= cp && cp <= hi) matched = true;
        }
        return matched != negate;
    }
}

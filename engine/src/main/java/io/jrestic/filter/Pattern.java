package io.jrestic.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * One restic include/exclude pattern: path components, each a Go {@code filepath.Match} glob, {@code **} for any
 * number of components, a leading {@code /} anchoring it at the root, a leading {@code !} negating it.
 * An unanchored pattern matches a run of components anywhere in the path, and a match of a directory is a match
 * of everything below it.
 */
public final class Pattern {
    /** Stands for {@code **} among the parts. */
    private static final String DOUBLE_STAR = "";
    private static final String ROOT = "/";

    private final String original;
    private final String[] parts;
    private final boolean[] simple;
    private final boolean negated;

    private Pattern(String original, String[] parts, boolean negated) {
        this.original = original;
        this.parts = parts;
        this.negated = negated;
        this.simple = new boolean[parts.length];
        for (int i = 0; i < parts.length; i++) simple[i] = !Glob.hasMeta(parts[i]);
    }

    /** Parses a pattern; an invalid glob is reported with the pattern in the message. */
    public static Pattern parse(String text) {
        if (text.isEmpty()) throw new IllegalArgumentException("empty pattern");
        boolean negated = text.charAt(0) == '!';
        String body = negated ? text.substring(1) : text;
        String[] parts = split(clean(body));
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("**")) {
                parts[i] = DOUBLE_STAR;
            } else if (!parts[i].equals(ROOT)) {
                Glob.validate(parts[i], text);
            }
        }
        return new Pattern(text, parts, negated);
    }

    public boolean negated() {
        return negated;
    }

    /** True if the pattern matches {@code path} (a slash-separated path, usually absolute). */
    public boolean matches(String path) {
        return match(parts, simple, split(path));
    }

    boolean matches(String[] pathParts) {
        return match(parts, simple, pathParts);
    }

    /** True if something below {@code path} could still match, i.e. a walk must descend into it. */
    boolean childMayMatch(String[] strs) {
        if (!parts[0].equals(ROOT)) return true; // an unanchored pattern can match at any depth
        int dbl = doubleStar(parts);
        String[] s = strs;
        if (dbl >= 0 && s.length >= dbl) s = java.util.Arrays.copyOf(s, dbl);
        int l = Math.min(s.length, parts.length);
        return match(java.util.Arrays.copyOf(parts, l), java.util.Arrays.copyOf(simple, l), s);
    }

    private static int doubleStar(String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals(DOUBLE_STAR)) return i;
        }
        return -1;
    }

    private static boolean match(String[] parts, boolean[] simple, String[] strs) {
        int dbl = doubleStar(parts);
        if (dbl >= 0) {
            // Expand ** into 0, 1, 2, ... single-component wildcards until the pattern is longer than the path.
            for (int stars = 0; stars <= strs.length - parts.length + 1; stars++) {
                int n = dbl + stars + parts.length - dbl - 1;
                String[] p = new String[n];
                boolean[] s = new boolean[n];
                System.arraycopy(parts, 0, p, 0, dbl);
                System.arraycopy(simple, 0, s, 0, dbl);
                for (int i = 0; i < stars; i++) {
                    p[dbl + i] = "*";
                    s[dbl + i] = false;
                }
                System.arraycopy(parts, dbl + 1, p, dbl + stars, parts.length - dbl - 1);
                System.arraycopy(simple, dbl + 1, s, dbl + stars, parts.length - dbl - 1);
                if (match(p, s, strs)) return true;
            }
            return false;
        }
        if (parts.length == 0 || strs.length == 0 || parts.length > strs.length) return false;
        int minOffset = 0;
        int maxOffset = strs.length - parts.length;
        if (parts[0].equals(ROOT)) {
            maxOffset = 0;
        } else if (strs[0].equals(ROOT)) {
            minOffset = 1; // an unanchored pattern never matches the root marker itself
        }
        outer:
        for (int offset = maxOffset; offset >= minOffset; offset--) {
            for (int i = parts.length - 1; i >= 0; i--) {
                boolean ok = simple[i] ? parts[i].equals(strs[offset + i]) : Glob.matches(parts[i], strs[offset + i]);
                if (!ok) continue outer;
            }
            return true;
        }
        return false;
    }

    /** Splits a slash path into components; an absolute path starts with the component "/". */
    static String[] split(String path) {
        String[] parts = path.split("/", -1);
        if (parts[0].isEmpty()) parts[0] = ROOT;
        return parts;
    }

    /** Go's filepath.Clean for slash paths. */
    static String clean(String path) {
        if (path.isEmpty()) return ".";
        boolean rooted = path.charAt(0) == '/';
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(c);
        }
        String joined = String.join("/", out);
        if (rooted) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }

    @Override
    public String toString() {
        return original;
    }
}

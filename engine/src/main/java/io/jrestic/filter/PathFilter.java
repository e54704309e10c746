package io.jrestic.filter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ordered list of patterns evaluated as restic does: a path matches if a pattern matches it and no later
 * negated pattern does. Also answers whether a walk must descend into a directory because a child might match.
 */
public final class PathFilter {
    private final List<Pattern> patterns;
    private final boolean caseInsensitive;
    private final boolean hasNegated;

    private PathFilter(List<Pattern> patterns, boolean caseInsensitive) {
        this.patterns = List.copyOf(patterns);
        this.caseInsensitive = caseInsensitive;
        this.hasNegated = patterns.stream().anyMatch(Pattern::negated);
    }

    public static PathFilter of(List<String> patterns) {
        return build(patterns, false);
    }

    /** For {@code --iexclude}/{@code --iinclude}: patterns and paths compared in lower case. */
    public static PathFilter caseInsensitive(List<String> patterns) {
        return build(patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList(), true);
    }

    private static PathFilter build(List<String> texts, boolean ci) {
        List<Pattern> ps = new ArrayList<>();
        for (String t : texts) {
            String s = t.strip();
            if (!s.isEmpty()) ps.add(Pattern.parse(s));
        }
        return new PathFilter(ps, ci);
    }

    /**
     * Reads patterns from a file as restic's --exclude-file: one per line ({@link TextFile}'s lines), blank lines and
     * lines starting with '#' ignored, surrounding white space trimmed, $VAR and ${VAR} expanded.
     */
    public static List<String> readPatternFile(Path file, java.util.Map<String, String> env) throws IOException {
        List<String> out = new ArrayList<>();
        for (String pattern : TextFile.patterns(TextFile.lines(file))) out.add(expand(pattern, env));
        return out;
    }

    private static String expand(String s, java.util.Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 == s.length()) {
                sb.append(c);
                continue;
            }
            int start = i + 1;
            int end;
            String name;
            if (s.charAt(start) == '{') {
                end = s.indexOf('}', start);
                if (end < 0) {
                    sb.append(c);
                    continue;
                }
                name = s.substring(start + 1, end);
                i = end;
            } else {
                end = start;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) end++;
                name = s.substring(start, end);
                i = end - 1;
            }
            sb.append(env.getOrDefault(name, ""));
        }
        return sb.toString();
    }

    /** Go's {@code path.Clean} for slash-separated paths. */
    public static String cleanPath(String path) {
        return Pattern.clean(path);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** True if {@code path} is matched (selected by an include list, or rejected by an exclude list). */
    public boolean matches(String path) {
        return evaluate(path, false)[0];
    }

    /** True if a child of {@code path} could be matched, so a walk has to descend into it. */
    public boolean childMayMatch(String path) {
        return evaluate(path, true)[1];
    }

    private boolean[] evaluate(String path, boolean checkChildren) {
        if (patterns.isEmpty()) return new boolean[] {false, false};
        String[] strs = Pattern.split(caseInsensitive ? path.toLowerCase(Locale.ROOT) : path);
        boolean matched = false;
        boolean childMayMatch = false;
        for (Pattern p : patterns) {
            boolean m = p.matches(strs);
            if (p.negated()) {
                matched = matched && !m;
                childMayMatch = childMayMatch && !m;
            } else {
                matched = matched || m;
                childMayMatch = childMayMatch || (!checkChildren || p.childMayMatch(strs));
                if (matched && childMayMatch && !hasNegated) break;
            }
        }
        return new boolean[] {matched, childMayMatch};
    }
}

package io.jrestic.find;

import io.jrestic.filter.PathFilter;
import io.jrestic.tree.Node;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What {@code find PATTERN...} looks for: any of the patterns (restic's include-pattern semantics on the whole
 * path: an unanchored pattern matches a run of components anywhere, and a matched directory matches everything
 * below it), optionally ignoring case, and a modification time within {@code [oldest, newest]} (either may be
 * null). A leading {@code !} is dropped, not a negation: restic's {@code find} matches each pattern on its own,
 * which strips the {@code !} of an exclude-style negation and then ignores it.
 */
public final class NamePattern {
    private final PathFilter filter;
    private final boolean ignoreCase;
    private final OffsetDateTime oldest;
    private final OffsetDateTime newest;

    public NamePattern(List<String> patterns, boolean ignoreCase, OffsetDateTime oldest, OffsetDateTime newest) {
        List<String> positive = patterns.stream().map(NamePattern::withoutNegation).toList();
        this.filter = PathFilter.of(ignoreCase ? positive.stream().map(GoLower::of).toList() : positive);
        this.ignoreCase = ignoreCase;
        this.oldest = oldest;
        this.newest = newest;
    }

    private static String withoutNegation(String pattern) {
        return pattern.startsWith("!") ? pattern.substring(1) : pattern;
    }

    private String normalized(byte[] path) {
        String s = new String(path, StandardCharsets.UTF_8);
        return ignoreCase ? GoLower.of(s) : s;
    }

    boolean matches(byte[] path) {
        return filter.matches(normalized(path));
    }

    boolean childMayMatch(byte[] path) {
        return filter.childMayMatch(normalized(path));
    }

    boolean inTimeRange(Node node) {
        if (oldest != null && node.mtime().isBefore(oldest)) return false;
        return newest == null || !node.mtime().isAfter(newest);
    }
}

package io.jrestic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PathFilterTest {
    /** Cases from restic's filter semantics: pattern, path, expected match. */
    @ParameterizedTest
    @CsvSource({
            "'', /foo/bar, false",
            "*.go, /foo/bar/test.go, true",
            "*.c, /foo/bar/test.go, false",
            "*, /foo/bar/test.go, true",
            "foo*, /foo/bar/test.go, true",
            "bar*, /foo/bar/test.go, true",
            "/bar*, /foo/bar/test.go, false",
            "bar/*, /foo/bar/test.go, true",
            "baz/*, /foo/bar/test.go, false",
            "foo/bar/test.go, /foo/bar/test.go, true",
            "foo/bar/*.go, /foo/bar/test.go, true",
            "foo/bar/*.c, /foo/bar/test.go, false",
            "/foo/bar/test.go, /foo/bar/test.go, true",
            "/foo/*/test.go, /foo/bar/test.go, true",
            "/foo/**/test.go, /foo/bar/test.go, true",
            "/foo/**/test.go, /foo/test.go, true",
            "/foo/**/test.go, /foo/bar/baz/test.go, true",
            "/foo/**/test.go, /other/foo/bar/test.go, false",
            "foo/**/test.go, /x/foo/a/b/test.go, true",
            "**/test.go, /foo/bar/test.go, true",
            "/foo/bar, /foo/bar/baz/file, true",
            "bar, /foo/bar/baz/file, true",
            "ba, /foo/bar/baz/file, false",
            "/foo/[a-c]ar, /foo/bar, true",
            "/foo/[^a-c]ar, /foo/bar, false",
            "/foo/b?r, /foo/bar, true",
            "/foo/b\\?r, /foo/bar, false",
            "*.tmp, relative/dir/x.tmp, true",
    })
    void matchesLikeRestic(String pattern, String path, boolean expected) {
        if (pattern == null || pattern.isEmpty()) {
            assertFalse(PathFilter.of(List.of()).matches(path));
            return;
        }
        assertEquals(expected, PathFilter.of(List.of(pattern)).matches(path), pattern + " vs " + path);
    }

    @Test
    void negatedPatternReIncludesWhatAnEarlierPatternExcluded() {
        PathFilter f = PathFilter.of(List.of("*.log", "!important.log"));
        assertTrue(f.matches("/var/a.log"));
        assertFalse(f.matches("/var/important.log"));
        assertFalse(f.matches("/var/a.txt"));
    }

    @Test
    void childMayMatchGuidesDescentForAnchoredPatterns() {
        PathFilter f = PathFilter.of(List.of("/home/user/docs"));
        assertTrue(f.childMayMatch("/home"));
        assertTrue(f.childMayMatch("/home/user"));
        assertFalse(f.childMayMatch("/srv"));
        assertFalse(f.matches("/home/user"));
        assertTrue(f.matches("/home/user/docs/a.txt"));
        assertTrue(PathFilter.of(List.of("docs")).childMayMatch("/anything"));
    }

    @Test
    void caseInsensitiveVariantLowersBothSides() {
        assertTrue(PathFilter.caseInsensitive(List.of("*.JPG")).matches("/Photos/IMG.jpg"));
        assertFalse(PathFilter.of(List.of("*.JPG")).matches("/Photos/IMG.jpg"));
    }

    @Test
    void malformedGlobIsRejectedWithThePattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathFilter.of(List.of("foo[")));
        assertTrue(e.getMessage().contains("foo["), e.getMessage());
    }
}

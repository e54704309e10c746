package io.jrestic.filter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code filepath.Glob}, which expands the lines of restic's {@code backup --files-from}: the paths that exist
 * and match a pattern of {@code *}, {@code ?}, {@code [...]} and {@code \} escapes (per component, as
 * {@link Glob}; {@code *} also matches a leading dot), each directory's matches in name order. A pattern without
 * those characters is returned as it is if something exists there (a dangling link counts).
 */
public final class FileGlob {
    private FileGlob() {
    }

    /**
     * The paths matching {@code pattern}; none if nothing matches or a directory on the way cannot be read.
     *
     * @throws IllegalArgumentException if the pattern is malformed (an unclosed class, a trailing backslash)
     */
    public static List<String> expand(String pattern) {
        Glob.validate(pattern, pattern);
        List<String> matches = new ArrayList<>();
        expand(pattern, matches);
        return matches;
    }

    private static void expand(String pattern, List<String> matches) {
        if (!hasMeta(pattern)) {
            if (Files.exists(Path.of(pattern), LinkOption.NOFOLLOW_LINKS)) matches.add(pattern);
            return;
        }
        int slash = pattern.lastIndexOf('/');
        String dir = slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash);
        String name = pattern.substring(slash + 1);
        if (!hasMeta(dir)) {
            matchIn(dir, name, matches);
            return;
        }
        List<String> dirs = new ArrayList<>();
        expand(dir, dirs);
        for (String d : dirs) matchIn(d, name, matches);
    }

    /** The entries of {@code dir} matching {@code name}, sorted, joined to {@code dir} as Go's Join cleans them. */
    private static void matchIn(String dir, String name, List<String> matches) {
        Path directory = Path.of(dir);
        if (!Files.isDirectory(directory)) return;
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) names.add(entry.getFileName().toString());
        } catch (IOException e) {
            return; // as Go's Glob: an unreadable directory contributes nothing
        }
        names.sort(null);
        for (String n : names) {
            if (Glob.matches(name, n)) matches.add(PathFilter.cleanPath(dir + "/" + n));
        }
    }

    /** Go's magic characters on Unix; a ']' alone is literal. */
    private static boolean hasMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') return true;
        }
        return false;
    }
}

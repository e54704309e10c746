package io.jrestic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Go's filepath.Glob, as backup --files-from expands its lines. */
class FileGlobTest {
    @TempDir
    Path dir;

    private String d() {
        return dir.toString();
    }

    private void touch(String... names) throws IOException {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.writeString(p, n);
        }
    }

    @Test
    void matchesPerDirectoryInNameOrderIncludingDotFiles() throws IOException {
        touch("b.txt", "a.txt", ".h.txt", "c.log", "x/1.txt", "y/2.txt", "y/3.log");
        assertEquals(List.of(d() + "/.h.txt", d() + "/a.txt", d() + "/b.txt"), FileGlob.expand(d() + "/*.txt"));
        assertEquals(List.of(d() + "/x/1.txt", d() + "/y/2.txt"), FileGlob.expand(d() + "/?/*.txt"));
        assertEquals(List.of(d() + "/c.log"), FileGlob.expand(d() + "/[a-c].log"));
        assertEquals(List.of(), FileGlob.expand(d() + "/*.none"));
    }

    @Test
    void aPathWithoutGlobCharactersIsKeptAsWrittenIfSomethingIsThere() throws IOException {
        touch("plain");
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing"));
        assertEquals(List.of(d() + "//plain"), FileGlob.expand(d() + "//plain"));
        assertEquals(List.of(d() + "/dangling"), FileGlob.expand(d() + "/dangling"));
        assertEquals(List.of(), FileGlob.expand(d() + "/missing"));
    }

    @Test
    void anEscapedStarIsALiteralStar() throws IOException {
        touch("a*b", "aXb");
        assertEquals(List.of(d() + "/a*b"), FileGlob.expand(d() + "/a\\*b"));
    }

    @Test
    void aMalformedPatternIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FileGlob.expand(d() + "/[a"));
        assertThrows(IllegalArgumentException.class, () -> FileGlob.expand(d() + "/a\\"));
    }
}

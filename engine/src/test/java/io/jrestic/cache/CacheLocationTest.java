package io.jrestic.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheLocationTest {
    private static final Map<String, String> ALL = Map.of(
            "RESTIC_CACHE_DIR", "/env/cache", "XDG_CACHE_HOME", "/xdg", "HOME", "/home/u");

    @Test
    void theOptionWinsOverEveryVariable() throws IOException {
        assertEquals(Path.of("/opt/c"), CacheLocation.resolve("/opt/c", ALL));
    }

    @Test
    void resticCacheDirComesNext() throws IOException {
        assertEquals(Path.of("/env/cache"), CacheLocation.resolve(null, ALL));
    }

    @Test
    void thenTheXdgCacheHomeWithResticBelowIt() throws IOException {
        assertEquals(Path.of("/xdg/restic"), CacheLocation.resolve(null, Map.of("XDG_CACHE_HOME", "/xdg", "HOME", "/h")));
    }

    @Test
    void thenDotCacheInTheHomeDirectory() throws IOException {
        assertEquals(Path.of("/home/u/.cache/restic"), CacheLocation.resolve(null, Map.of("HOME", "/home/u")));
    }

    @Test
    void emptyValuesCountAsUnset() throws IOException {
        assertEquals(Path.of("/home/u/.cache/restic"),
                CacheLocation.resolve("", Map.of("RESTIC_CACHE_DIR", "", "XDG_CACHE_HOME", "", "HOME", "/home/u")));
    }

    @Test
    void withoutAnyLocationTheErrorIsResticsMessage() {
        IOException e = assertThrows(IOException.class, () -> CacheLocation.resolve(null, Map.of()));
        assertEquals("unable to locate cache directory: neither $XDG_CACHE_HOME nor $HOME are defined", e.getMessage());
        assertEquals(java.util.Optional.empty(), CacheLocation.find(null, Map.of()));
    }
}

package io.jrestic.backend.rest;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** rest: URLs (§20.1, §20.3): normalised base, basic-auth credentials, and messages without the password. */
class RestLocationTest {

    @Test
    void theBaseAlwaysEndsWithASlash() {
        assertEquals(URI.create("http://host:8000/"), RestLocation.parse("http://host:8000", Map.of()).base());
        assertEquals(URI.create("http://host:8000/my_repo/"), RestLocation.parse("http://host:8000/my_repo", Map.of()).base());
        assertEquals(URI.create("https://host:8000/my_repo/data/abc"),
                RestLocation.parse("https://host:8000/my_repo/", Map.of()).resolve("data/abc"));
    }

    @Test
    void credentialsInTheUrlAreDecodedAndHiddenInMessages() {
        RestLocation location = RestLocation.parse("https://user:p%40ss%3Aword@host:8000/repo/", Map.of());
        assertEquals("user", location.username());
        assertEquals("p@ss:word", location.password());
        assertEquals(URI.create("https://host:8000/repo/"), location.base());
        assertEquals("rest:https://user:***@host:8000/repo/", location.toString());
    }

    @Test
    void environmentCredentialsApplyOnlyWhenTheUrlHasNone() {
        Map<String, String> env = Map.of("RESTIC_REST_USERNAME", "envuser", "RESTIC_REST_PASSWORD", "envpass");
        RestLocation fromEnv = RestLocation.parse("http://host:8000/", env);
        assertEquals("envuser", fromEnv.username());
        assertEquals("envpass", fromEnv.password());
        RestLocation fromUrl = RestLocation.parse("http://urluser@host:8000/", env);
        assertEquals("urluser", fromUrl.username());
        assertNull(fromUrl.password());
    }

    @Test
    void malformedLocationsAreRejectedWithoutShowingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestLocation.parse("ftp://user:secret@host/", Map.of()));
        assertEquals("invalid location \"rest:ftp://user:***@host/\": expected an http:// or https:// URL", e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
        assertThrows(IllegalArgumentException.class, () -> RestLocation.parse("host:8000/repo", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> RestLocation.parse("http://host/repo?x=1", Map.of()));
    }
}

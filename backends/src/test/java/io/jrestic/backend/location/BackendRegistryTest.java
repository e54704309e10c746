package io.jrestic.backend.location;

import io.jrestic.backend.Backend;
import io.jrestic.backend.BackendFactory;
import io.jrestic.backend.local.LocalBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendRegistryTest {
    @TempDir
    Path directory;

    @Test
    void theLocalBackendIsRegisteredThroughServiceLoader() {
        assertTrue(BackendRegistry.installed().schemes().contains("local"));
    }

    @Test
    void opensBarePathsAndLocalPrefixedLocations() throws IOException {
        try (Backend bare = BackendRegistry.open(directory.toString(), Map.of(), Map.of());
             Backend prefixed = BackendRegistry.open("local:" + directory, Map.of(), Map.of())) {
            assertEquals("local:" + directory, bare.location());
            assertEquals("local:" + directory, prefixed.location());
            assertEquals(directory, assertInstanceOf(LocalBackend.class, bare).root());
        }
    }

    @Test
    void passesEachBackendItsOwnOptions() throws IOException {
        Map<String, String> options = Options.parse(List.of("local.connections=5", "s3.region=eu-west-1"));

        try (Backend backend = BackendRegistry.open(directory.toString(), options, Map.of())) {
            assertEquals(5, backend.connections());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> BackendRegistry.open(directory.toString(), Map.of("local.speed", "fast"), Map.of()));
        assertTrue(unknown.getMessage().contains("local.speed"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BackendRegistry.open(directory.toString(), Map.of("local.connections", "many"), Map.of()));
    }

    @Test
    void resticSchemesWithoutABackendParseButCannotBeOpened() {
        assertEquals(new Location("s3", "//host/bucket/prefix"),
                BackendRegistry.installed().parse("s3://host/bucket/prefix"));

        for (String location : List.of("s3://host/bucket", "gs:bucket:/prefix", "rest:http://host:8000/",
                "sftp:user@host:/srv")) {
            String scheme = location.substring(0, location.indexOf(':'));
            if (BackendRegistry.installed().schemes().contains(scheme)) continue; // this build has it after all
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BackendRegistry.open(location, Map.of(), Map.of()));
            assertTrue(e.getMessage().startsWith("backend " + scheme + " is not available in this build"),
                    e.getMessage());
        }
    }

    @Test
    void aRegistryOpensItsFactoriesBySchemeWithTheirOptionsAndEnvironment() throws IOException {
        List<String> calls = new ArrayList<>();
        Backend opened = new LocalBackend(directory);
        BackendFactory memory = new BackendFactory() {
            @Override
            public String scheme() {
                return "mem";
            }

            @Override
            public Backend open(String location, Map<String, String> options, Map<String, String> environment) {
                calls.add(location + " " + options + " " + environment);
                return opened;
            }
        };
        BackendRegistry registry = new BackendRegistry(List.of(memory));

        assertEquals(Set.of("mem"), registry.schemes());
        Backend backend = registry.open(registry.parse("mem:store:a"),
                Map.of("mem.size", "1", "s3.region", "x"), Map.of("HOME", "/root"));

        assertSame(opened, backend);
        assertEquals(List.of("store:a {size=1} {HOME=/root}"), calls);
        IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                () -> registry.open(registry.parse("/srv/repo"), Map.of(), Map.of()));
        assertEquals("backend local is not available in this build (available: mem)", local.getMessage());
    }

    @Test
    void twoFactoriesForOneSchemeAreAnError() {
        BackendFactory local = new io.jrestic.backend.local.LocalBackendFactory();
        assertThrows(IllegalStateException.class, () -> new BackendRegistry(List.of(local, local)));
    }
}

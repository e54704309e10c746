package io.jrestic.backend.gcs;

import io.jrestic.backend.Backend;
import io.jrestic.backend.gcs.fake.FakeGcsServer;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.location.Options;
import io.jrestic.backend.retry.RetryingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening "gs:" locations: options, environment, registration and the retry layer. */
class GcsBackendFactoryTest {

    @Test
    void isRegisteredForTheGsScheme() {
        assertTrue(BackendRegistry.installed().schemes().contains("gs"));
    }

    @Test
    void opensThroughTheRegistryWithRetriesAndOptions() throws IOException {
        try (FakeGcsServer server = FakeGcsServer.start();
             Backend backend = BackendRegistry.open("gs:bkt:/a/b/", Options.parse(List.of("gs.connections=9")),
                     GcsTestBackends.environment(server))) {
            assertInstanceOf(RetryingBackend.class, backend);
            assertEquals("gs:bkt:/a/b", backend.location());
            assertEquals(9, backend.connections());
        }
    }

    @Test
    void createsTheBucketInTheConfiguredRegion() throws IOException {
        try (FakeGcsServer server = FakeGcsServer.start();
             Backend backend = new GcsBackendFactory().open("fresh:/repo", Map.of("region", "EUROPE-WEST3"),
                     GcsTestBackends.environment(server))) {
            backend.create();
            assertEquals("EUROPE-WEST3", server.bucketLocation("fresh"));
            assertTrue(server.requests().contains("POST /storage/v1/b?project=" + GcsTestBackends.PROJECT
                    + "&projection=full"), server.requests().toString());
        }
    }

    @Test
    void rejectsUnknownAndMalformedOptions() {
        GcsBackendFactory factory = new GcsBackendFactory();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> factory.open("bkt:/", Map.of("endpoint", "x"), Map.of()));
        assertEquals("unknown option gs.endpoint for backend gs (known: gs.connections, gs.region)", unknown.getMessage());
        IllegalArgumentException connections = assertThrows(IllegalArgumentException.class,
                () -> factory.open("bkt:/", Map.of("connections", "0"), Map.of()));
        assertEquals("invalid option gs.connections=0: expected a positive integer", connections.getMessage());
    }

    @Test
    void rejectsALocationWithoutTheSecondColon() {
        assertThrows(IllegalArgumentException.class, () -> new GcsBackendFactory().open("bkt/prefix", Map.of(), Map.of()));
    }

    @Test
    void aMissingCredentialsFileIsNamed() {
        IOException e = assertThrows(GcsPermanentException.class, () -> new GcsBackendFactory().open("bkt:/repo",
                Map.of(), Map.of(GcsBackendFactory.CREDENTIALS_FILE_VARIABLE, "/nonexistent/key.json")));
        assertEquals("gs:bkt:/repo: GOOGLE_APPLICATION_CREDENTIALS file /nonexistent/key.json does not exist",
                e.getMessage());
    }

    @Test
    void anInvalidCredentialsFileIsReportedOnOneLineWithoutItsContent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("key.json");
        Files.writeString(file, "{\"type\":\"service_account\",\"private_key\":\"SECRET-KEY-MATERIAL\"}");
        IOException e = assertThrows(GcsPermanentException.class, () -> new GcsBackendFactory().open("bkt:/repo",
                Map.of(), Map.of(GcsBackendFactory.CREDENTIALS_FILE_VARIABLE, file.toString())));
        assertTrue(e.getMessage().startsWith("gs:bkt:/repo: cannot load credentials from GOOGLE_APPLICATION_CREDENTIALS file "
                + file + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("SECRET-KEY-MATERIAL") && !e.getMessage().contains("\n"), e.getMessage());
    }
}

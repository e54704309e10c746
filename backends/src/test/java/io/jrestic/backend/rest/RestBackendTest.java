package io.jrestic.backend.rest;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.s3.BackendContract;
import io.jrestic.backend.tls.ClientTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RestBackend} against {@code rclone serve restic}: the backend contract, the layout on disk, and auth. */
class RestBackendTest extends BackendContract {
    private static final AtomicInteger REPOS = new AtomicInteger();
    @TempDir
    static Path served;
    private static RcloneRestServer server;
    private final List<Backend> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = RcloneRestServer.start(served);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) server.close();
    }

    @AfterEach
    void closeBackends() throws IOException {
        for (Backend backend : opened) backend.close();
    }

    private RestBackend open(String url) {
        RestBackend backend = new RestBackend(RestLocation.parse(url, Map.of()), 2, ClientTls.systemDefault());
        opened.add(backend);
        return backend;
    }

    @Override
    protected Backend backend() {
        RestBackend backend = open(server.url() + "repo-" + REPOS.incrementAndGet() + "/");
        try {
            backend.create();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return backend;
    }

    @Override
    protected boolean rejectsOverwrite() {
        // rclone serve restic replaces files unless --append-only; rest-server refuses with 403.
        return false;
    }

    @Test
    void theServedDirectoryIsALocalRepositoryWithPackSubdirectories() throws IOException {
        RestBackend backend = open(server.url() + "layout/");
        backend.create();
        byte[] pack = bytes("pack bytes");
        FileHandle handle = handleFor(FileType.PACK, pack);
        backend.save(handle, ByteSource.of(pack));
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config")));
        assertArrayEquals(pack, Files.readAllBytes(served.resolve("layout").resolve(handle.path())));
        assertTrue(Files.isRegularFile(served.resolve("layout/config")));
    }

    @Test
    void theFactoryOpensRestLocationsWithRetries() throws IOException {
        try (Backend backend = BackendRegistry.open("rest:" + server.url() + "factory", Map.of("rest.connections", "3"),
                Map.of())) {
            assertInstanceOf(RetryingBackend.class, backend);
            assertEquals(3, backend.connections());
            assertEquals("rest:" + server.url() + "factory/", backend.location());
            backend.create();
            backend.save(FileHandle.CONFIG, ByteSource.of(bytes("c")));
            assertTrue(backend.exists());
        }
    }

    @Test
    void anUnreachableServerIsATransientErrorNamingTheUrl() {
        RestBackend backend = open("http://127.0.0.1:1/repo/");
        IOException e = assertThrows(IOException.class, () -> backend.stat(FileHandle.CONFIG));
        assertTrue(RetryingBackend.isTransient(e));
        assertTrue(e.getMessage().startsWith("rest:http://127.0.0.1:1/repo/config: stat failed"), e.getMessage());
    }
}

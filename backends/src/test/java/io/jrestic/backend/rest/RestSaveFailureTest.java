package io.jrestic.backend.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.s3.BackendContract;
import io.jrestic.backend.tls.ClientTls;
import io.jrestic.id.Id;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A save whose request fails part-way is followed by a DELETE of the object: a server that writes uploads in
 * place (rclone) keeps what arrived until it sees the connection drop, and the JDK's client does not always drop
 * it. A save the server refuses because the object exists deletes nothing.
 */
class RestSaveFailureTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
    private HttpServer server;

    /** A server that records each request and answers POSTs with {@code postStatus} once their body has arrived. */
    private RestBackend serving(int postStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            try (exchange) {
                exchange.getRequestBody().readAllBytes(); // a short body: until the client gives up
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", "5000"); // the object exists
                }
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? postStatus : 200, -1);
            } catch (IOException clientWentAway) {
                // expected for the short upload
            }
        });
        server.setExecutor(handlers);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo/";
        return new RestBackend(RestLocation.parse(url, Map.of()), 2, ClientTls.systemDefault());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
        handlers.shutdownNow();
    }

    private static FileHandle handle(byte[] content) {
        return FileHandle.of(FileType.PACK, Id.hash(content));
    }

    private static byte[] content() {
        byte[] content = new byte[5000];
        new Random(5).nextBytes(content);
        return content;
    }

    @Test
    void aRequestBodyThatEndsEarlyIsFollowedByADeleteOfTheObject() throws IOException {
        RestBackend backend = serving(200);
        byte[] content = content();
        FileHandle handle = handle(content);
        IOException e = assertThrows(IOException.class,
                () -> backend.save(handle, BackendContract.announcing(content.length + 10, content)));
        assertTrue(e.getMessage().contains("the content ended 10 bytes before its announced length"), e.toString());
        // The POST may not reach a handler at all (the client can fail it before the server has read its head),
        // or reach it after the DELETE: only the DELETE is certain.
        assertTrue(requests.contains("DELETE /repo/data/" + handle.name()), requests::toString);
        assertTrue(Set.of("POST /repo/data/" + handle.name(), "DELETE /repo/data/" + handle.name())
                .containsAll(requests), requests::toString);
    }

    @Test
    void aSaveRefusedBecauseTheObjectExistsDeletesNothing() throws IOException {
        RestBackend backend = serving(403);
        byte[] content = content();
        FileHandle handle = handle(content);
        assertThrows(FileAlreadyExistsException.class, () -> backend.save(handle, ByteSource.of(content)));
        assertEquals(List.of("POST /repo/data/" + handle.name(), "HEAD /repo/data/" + handle.name()), requests);
    }
}

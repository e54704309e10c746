package io.jrestic.backend.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.ExactLengthInputStream;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.backend.tls.ClientTls;
import io.jrestic.id.Id;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * A repository on a restic REST server (rest-server, {@code rclone serve restic}; §20.1) through
 * {@link java.net.http.HttpClient}. Files are addressed as {@code <base>/<type>/<id>} (packs without the
 * {@code <xx>} level) and {@code <base>/config}.
 *
 * <p>Uploads are one POST of the exact bytes with their length; the server stores them under a temporary name and
 * checks their SHA-256 against the name before publishing them, and refuses to replace an existing file (403).
 * Listings ask for protocol v2 (names and sizes) and fall back to v1 (names only, then a HEAD per file). Deletes
 * happen only when the caller asks; an append-only server's refusal is an {@link AccessDeniedException} that says
 * so. Wrap in a {@link io.jrestic.backend.retry.RetryingBackend} ({@link RestBackendFactory} does).
 */
public final class RestBackend implements Backend {
    public static final int DEFAULT_CONNECTIONS = 5;
    static final String V2 = "application/vnd.x.restic.rest.v2";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int OK = 200;
    private static final int PARTIAL_CONTENT = 206;
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;
    private static final int MAX_ERROR_TEXT = 200;
    private static final JsonFactory JSON = new JsonFactory();

    private final RestLocation location;
    private final int connections;
    private final HttpClient http;
    private final String authorization;

    /**
     * @param tls how https connections trust the server and present a client certificate
     */
    public RestBackend(RestLocation location, int connections, ClientTls tls) {
        if (connections < 1) {
            throw new IllegalArgumentException(location + ": connections must be at least 1, not " + connections);
        }
        this.location = location;
        this.connections = connections;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        // Plain http stays HTTP/1.1: the client's h2c upgrade offer is useless to these servers.
        if (location.base().getScheme().equals("http")) builder.version(HttpClient.Version.HTTP_1_1);
        if (!tls.isSystemDefault()) builder.sslContext(tls.sslContext());
        this.http = builder.build();
        this.authorization = location.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (location.username() + ":" + (location.password() == null ? "" : location.password()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public int connections() {
        return connections;
    }

    /** {@code POST /?create=true}: the server makes the repository's directories. */
    @Override
    public void create() throws IOException {
        HttpRequest request = request(URI.create(location.base() + "?create=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), "create", "");
        if (response.statusCode() != OK) throw failure("create", "", response.statusCode(), response.body());
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        String path = path(handle);
        HttpRequest request = request(location.resolve(path))
                .header("Content-Type", "application/octet-stream")
                .POST(content.length() == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new UploadBody(content.openUnchecked(), content.length(), url(path))),
                                content.length()))
                .build();
        HttpResponse<String> response;
        try {
            response = send(request, HttpResponse.BodyHandlers.ofString(), "save", path);
        } catch (IOException e) {
            // What arrived may be stored (rclone writes an upload in place until it sees the connection drop):
            // remove it, as restic does after a failed save. The caller learns of the failure and saves again.
            if (!(e instanceof InterruptedIOException)) removeQuietly(handle);
            throw e;
        }
        int status = response.statusCode();
        if (status == OK) return;
        if (status == FORBIDDEN) {
            // rest-server answers 403 both to an existing file and to a forbidden write.
            if (existsQuietly(handle)) throw new FileAlreadyExistsException(url(path), null, "already exists");
            throw new AccessDeniedException(url(path), null, "save forbidden (403" + text(response.body()) + ")");
        }
        throw failure("save", path, status, response.body());
    }

    private void removeQuietly(FileHandle handle) {
        try {
            remove(handle);
        } catch (IOException | RuntimeException e) {
            // best effort: the save's own failure is the one to report
        }
    }

    /** Whether a 403 meant "exists": a failing stat counts as "does not". */
    private boolean existsQuietly(FileHandle handle) {
        try {
            return exists(handle);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(handle + ": negative range " + offset + "+" + length);
        }
        String path = path(handle);
        HttpRequest.Builder request = request(location.resolve(path)).GET();
        boolean ranged = offset > 0 || length > 0;
        if (ranged) request.header("Range", "bytes=" + offset + "-" + (length > 0 ? String.valueOf(offset + length - 1) : ""));
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream(), "read", path);
        InputStream body = response.body();
        int status = response.statusCode();
        if (status != OK && status != PARTIAL_CONTENT) {
            String text;
            try (body) {
                text = new String(body.readNBytes(MAX_ERROR_TEXT), StandardCharsets.UTF_8);
            }
            throw failure("read", path, status, text);
        }
        long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try {
            if (ranged && status == OK) {
                // The server ignored the range and sent the whole file: skip to the start ourselves.
                body.skipNBytes(offset);
                if (announced >= 0) announced -= offset;
            }
            if (length > 0 && announced >= 0 && announced != length) {
                throw RestRequestException.of(url(path) + ": range at offset " + offset + " of length " + length
                        + " is beyond the end of the file (the server sent " + announced + " bytes)", 416);
            }
        } catch (IOException e) {
            body.close();
            throw e;
        }
        long expected = length > 0 ? length : announced;
        if (expected < 0) return body; // length unknown (chunked): the stream's end is the file's end
        return new ExactLengthInputStream(body, expected, url(path), () -> { });
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        String path = path(handle);
        HttpRequest request = request(location.resolve(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding(), "stat", path);
        if (response.statusCode() != OK) throw failure("stat", path, response.statusCode(), "");
        long size = response.headers().firstValueAsLong("Content-Length")
                .orElseThrow(() -> new RestRequestException(url(path) + ": stat: the server sent no Content-Length", OK, null));
        return new FileInfo(handle, size);
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        String path = path(handle);
        HttpRequest request = request(location.resolve(path)).DELETE().build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), "remove", path);
        int status = response.statusCode();
        if (status == OK || status == NOT_FOUND) return;
        if (status == FORBIDDEN) {
            throw new AccessDeniedException(url(path), null, "deleting is forbidden (403" + text(response.body())
                    + "); is the server append-only?");
        }
        throw failure("remove", path, status, response.body());
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        if (type == FileType.CONFIG) {
            listConfig(consumer);
            return;
        }
        String path = type.directory() + "/";
        HttpRequest request = request(location.resolve(path)).GET().build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray(), "list", path);
        int status = response.statusCode();
        if (status == NOT_FOUND) return; // a type directory the server has not made yet
        if (status != OK) throw failure("list", path, status, new String(response.body(), StandardCharsets.UTF_8));
        boolean v2 = response.headers().firstValue("Content-Type").orElse("").startsWith(V2);
        List<FileInfo> files = new ArrayList<>();
        try (JsonParser json = JSON.createParser(response.body())) {
            if (json.nextToken() != JsonToken.START_ARRAY) throw new IOException("not a JSON array");
            while (json.nextToken() != JsonToken.END_ARRAY) {
                String name;
                long size = -1;
                if (v2) {
                    if (json.currentToken() != JsonToken.START_OBJECT) throw new IOException("expected {\"name\",\"size\"}");
                    name = null;
                    while (json.nextToken() != JsonToken.END_OBJECT) {
                        String field = json.currentName();
                        json.nextToken();
                        switch (field) {
                            case "name" -> name = json.getValueAsString();
                            case "size" -> size = json.getValueAsLong(-1);
                            default -> json.skipChildren();
                        }
                    }
                } else {
                    name = json.getValueAsString();
                }
                if (name != null && Id.isValid(name)) files.add(new FileInfo(new FileHandle(type, name), size));
            }
        } catch (IOException e) {
            throw new RestRequestException(url(path) + ": list: invalid " + (v2 ? "v2" : "v1") + " listing: "
                    + e.getMessage(), status, e);
        }
        for (FileInfo file : files) {
            // v1 listings carry no sizes: ask for each.
            consumer.accept(file.size() >= 0 ? file : stat(file.handle()));
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return location();
    }

    /** The REST path: {@code config} or {@code <type>/<id>}, without the pack subdirectory. */
    private static String path(FileHandle handle) {
        return handle.type() == FileType.CONFIG ? "config" : handle.type().directory() + "/" + handle.name();
    }

    /** For messages: the full URL of {@code path}, with the user but never the password. */
    private String url(String path) {
        return location + path;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", V2);
        if (authorization != null) builder.header("Authorization", authorization);
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String operation,
                                     String path) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(url(path) + ": " + operation + " interrupted");
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException e) {
            SSLHandshakeException handshake = ClientTls.handshakeFailure(e);
            if (handshake != null) {
                // An untrusted or refused certificate stays so: no retries.
                throw RestRequestException.permanent(url(path) + ": " + operation + " failed: "
                        + ClientTls.describe(handshake), e);
            }
            throw new RestRequestException(url(path) + ": " + operation + " failed: " + e, 0, e);
        }
    }

    /** The exception for an unexpected status: missing, forbidden, or a (possibly permanent) request failure. */
    private IOException failure(String operation, String path, int status, String body) {
        return switch (status) {
            case NOT_FOUND -> new NoSuchFileException(url(path));
            case FORBIDDEN -> new AccessDeniedException(url(path), null, operation + " forbidden (403" + text(body) + ")");
            case 401 -> RestRequestException.of(url(path) + ": " + operation + " unauthorized (401): check the user name"
                    + " and password (URL or RESTIC_REST_USERNAME/RESTIC_REST_PASSWORD)", status);
            default -> RestRequestException.of(url(path) + ": " + operation + " failed (" + status + text(body) + ")", status);
        };
    }

    /** ": <first line of the server's text>", short, or nothing. */
    private static String text(String body) {
        if (body == null) return "";
        String line = body.strip().lines().findFirst().orElse("");
        if (line.length() > MAX_ERROR_TEXT) line = line.substring(0, MAX_ERROR_TEXT) + "…";
        return line.isEmpty() ? "" : ": " + line;
    }
}

package io.jrestic.backend.gcs.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An in-memory Google Cloud Storage JSON API server for tests, on 127.0.0.1 and a free port: the subset of requests
 * google-cloud-storage makes for bucket lookup and creation, multipart, media and resumable uploads, ranged
 * downloads, paginated listings, object metadata and deletes.
 *
 * <p>Like the real service it honours {@code ifGenerationMatch} / {@code ifGenerationNotMatch} (412 on failure),
 * checks the {@code crc32c} and {@code md5Hash} an upload announces (400 on a mismatch), accepts gzip-encoded
 * request bodies, answers with string-encoded numbers and the JSON API's error shape.
 *
 * <p>Fault injection: {@link #failNextRequests} answers the next requests with an error status,
 * {@link #truncateNextDownloads} cuts download bodies short. {@link #requests()} logs every request line.
 */
public final class FakeGcsServer implements AutoCloseable {
    private static final Pattern BUCKET = Pattern.compile("/storage/v1/b/([^/]+)");
    private static final Pattern OBJECTS = Pattern.compile("/storage/v1/b/([^/]+)/o");
    private static final Pattern OBJECT = Pattern.compile("/storage/v1/b/([^/]+)/o/(.+)");
    private static final Pattern DOWNLOAD = Pattern.compile("/download/storage/v1/b/([^/]+)/o/(.+)");
    private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final int DEFAULT_MAX_PAGE_SIZE = 1000;
    private static final int NO_CONTENT = -1;
    private static final String DEFAULT_LOCATION = "US";
    private static final Response PRECONDITION_FAILED = Response.error(412, "conditionNotMet",
            "At least one of the pre-conditions you specified did not hold.");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private final Map<String, String> bucketLocations = new ConcurrentHashMap<>();
    private final Map<String, ResumableUpload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(1000);
    private final AtomicLong uploadIds = new AtomicLong();
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger uploadsNotChecksummed = new AtomicInteger();
    private volatile int maxPageSize = DEFAULT_MAX_PAGE_SIZE;
    // Faults: the next failuresLeft requests get failureStatus; the next truncationsLeft downloads are cut short.
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus;
    private volatile String failureFilter = "";
    private volatile String lastAuthorization;
    private final AtomicInteger truncationsLeft = new AtomicInteger();

    private FakeGcsServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeGcsServer start() throws IOException {
        return new FakeGcsServer(HttpServer.create(loopback(), 0));
    }

    /**
     * A server on https with the certificate of {@code tls}, which also demands a client certificate that
     * {@code tls} trusts.
     */
    public static FakeGcsServer startHttpsWithClientCertificates(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        return new FakeGcsServer(server);
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}, as STORAGE_EMULATOR_HOST or the client's host. */
    public String endpoint() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public void createBucket(String name) {
        buckets.putIfAbsent(name, new ConcurrentSkipListMap<>());
    }

    public boolean hasBucket(String name) {
        return buckets.containsKey(name);
    }

    /** The location a bucket was created with ("US" when the request named none). */
    public String bucketLocation(String name) {
        return bucketLocations.getOrDefault(name, DEFAULT_LOCATION);
    }

    /** Stores an object directly, e.g. a foreign file a listing must skip. */
    public void putObject(String bucket, String name, byte[] data) {
        bucketOrThrow(bucket).put(name, StoredObject.of(bucket, name, data.clone(), generations.incrementAndGet()));
    }

    /** A copy of the bucket's objects by name, sorted. */
    public NavigableMap<String, byte[]> objects(String bucket) {
        NavigableMap<String, byte[]> copy = new java.util.TreeMap<>();
        bucketOrThrow(bucket).forEach((name, object) -> copy.put(name, object.data().clone()));
        return copy;
    }

    /** Writes the objects under {@code prefix} (a "directory", without trailing slash) as files below {@code dir}. */
    public void exportTo(String bucket, String prefix, Path dir) throws IOException {
        String start = prefix.isEmpty() ? "" : prefix + "/";
        for (Map.Entry<String, byte[]> object : objects(bucket).entrySet()) {
            if (!object.getKey().startsWith(start)) continue;
            Path file = dir.resolve(object.getKey().substring(start.length()));
            Files.createDirectories(file.getParent());
            Files.write(file, object.getValue());
        }
    }

    private NavigableMap<String, StoredObject> bucketOrThrow(String bucket) {
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        if (objects == null) throw new IllegalArgumentException("no bucket " + bucket);
        return objects;
    }

    /** Caps listing pages at {@code size} objects, whatever the client asks for. */
    public void setMaxPageSize(int size) {
        maxPageSize = size;
    }

    /** Answers the next {@code count} requests with {@code status} and a JSON error (the body is read first). */
    public void failNextRequests(int count, int status) {
        failNextRequests(count, status, "");
    }

    /**
     * Like {@link #failNextRequests(int, int)}, counting only requests whose line ({@code "METHOD /path?query"})
     * contains {@code lineContains}, e.g. {@code "PUT "} for the chunks of resumable uploads.
     */
    public void failNextRequests(int count, int status, String lineContains) {
        failureStatus = status;
        failureFilter = lineContains;
        failuresLeft.set(count);
    }

    /** Sends only the first half of the body of the next {@code count} downloads, then drops the connection. */
    public void truncateNextDownloads(int count) {
        truncationsLeft.set(count);
    }

    public void clearFaults() {
        failuresLeft.set(0);
        truncationsLeft.set(0);
    }

    /** Every request so far as {@code "METHOD /raw/path?query"}. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The Authorization header of the latest request; null if it had none. */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** How many uploads did not announce both a CRC-32C and an MD5 for the server to verify. */
    public int uploadsNotChecksummed() {
        return uploadsNotChecksummed.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String line = exchange.getRequestMethod() + " " + path + (rawQuery == null ? "" : "?" + rawQuery);
            requests.add(line);
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = readBody(exchange);
            if (line.contains(failureFilter) && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                sendError(exchange, failureStatus, "injected", "injected failure " + failureStatus);
                return;
            }
            Request request = new Request(exchange, exchange.getRequestMethod(), path, query(rawQuery), body);
            try {
                dispatch(request);
            } catch (RuntimeException e) {
                sendError(exchange, 500, "internalError", "fake server: " + e);
            }
        }
    }

    private record Request(HttpExchange exchange, String method, String path, Map<String, String> query,
                           byte[] body) {
        String param(String name) {
            return query.get(name);
        }
    }

    private void dispatch(Request r) throws IOException {
        Matcher m;
        if ((m = DOWNLOAD.matcher(r.path)).matches() && r.method.equals("GET")) {
            download(r, decode(m.group(1)), decode(m.group(2)));
        } else if ((m = UPLOAD.matcher(r.path)).matches() && r.method.equals("POST")) {
            upload(r, decode(m.group(1)));
        } else if ((m = UPLOAD.matcher(r.path)).matches() && r.method.equals("PUT")) {
            uploadChunk(r);
        } else if ((m = OBJECT.matcher(r.path)).matches()) {
            String bucket = decode(m.group(1));
            String name = decode(m.group(2));
            switch (r.method) {
                case "GET" -> {
                    if ("media".equals(r.param("alt"))) download(r, bucket, name);
                    else objectMetadata(r, bucket, name);
                }
                case "DELETE" -> delete(r, bucket, name);
                default -> unsupported(r);
            }
        } else if ((m = OBJECTS.matcher(r.path)).matches() && r.method.equals("GET")) {
            list(r, decode(m.group(1)));
        } else if ((m = BUCKET.matcher(r.path)).matches() && r.method.equals("GET")) {
            getBucket(r, decode(m.group(1)));
        } else if (r.path.equals("/storage/v1/b") && r.method.equals("POST")) {
            createBucket(r);
        } else {
            unsupported(r);
        }
    }

    private static void unsupported(Request r) throws IOException {
        // 501, not 500: the client would retry a 500 with backoff and a test would hang instead of failing.
        sendError(r.exchange, 501, "notImplemented", "fake GCS does not implement " + r.method + " " + r.path);
    }

    // ---- buckets ----------------------------------------------------------------------------------------------

    private void getBucket(Request r, String bucket) throws IOException {
        if (!buckets.containsKey(bucket)) {
            sendError(r.exchange, 404, "notFound", "The specified bucket does not exist.");
            return;
        }
        sendJson(r.exchange, 200, FakeJson.bucket(bucket, bucketLocation(bucket)));
    }

    private void createBucket(Request r) throws IOException {
        if (r.param("project") == null) {
            sendError(r.exchange, 400, "required", "Required parameter: project");
            return;
        }
        Map<String, String> metadata = FakeJson.readFlat(r.body);
        String name = metadata.get("name");
        if (name == null) {
            sendError(r.exchange, 400, "required", "Required: name");
            return;
        }
        if (buckets.putIfAbsent(name, new ConcurrentSkipListMap<>()) != null) {
            sendError(r.exchange, 409, "conflict", "Your previous request to create the named bucket succeeded and you already own it.");
            return;
        }
        bucketLocations.put(name, metadata.getOrDefault("location", DEFAULT_LOCATION));
        sendJson(r.exchange, 200, FakeJson.bucket(name, bucketLocation(name)));
    }

    // ---- objects ----------------------------------------------------------------------------------------------

    private void objectMetadata(Request r, String bucket, String name) throws IOException {
        StoredObject object = readable(r, bucket, name);
        if (object != null) sendJson(r.exchange, 200, FakeJson.object(object));
    }

    private void delete(Request r, String bucket, String name) throws IOException {
        StoredObject object = readable(r, bucket, name);
        if (object == null) return;
        buckets.get(bucket).remove(name, object);
        r.exchange.sendResponseHeaders(204, NO_CONTENT);
    }

    /** The object, or null after sending 404 (bucket or object) or 412 (a failed generation precondition). */
    private StoredObject readable(Request r, String bucket, String name) throws IOException {
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        if (objects == null) {
            sendError(r.exchange, 404, "notFound", "The specified bucket does not exist.");
            return null;
        }
        StoredObject object = objects.get(name);
        String generation = r.param("generation");
        if (object == null || (generation != null && Long.parseLong(generation) != object.generation())) {
            sendError(r.exchange, 404, "notFound", "No such object: " + bucket + "/" + name);
            return null;
        }
        if (!preconditionsHold(r.query, object)) {
            PRECONDITION_FAILED.send(r.exchange);
            return null;
        }
        return object;
    }

    private static boolean preconditionsHold(Map<String, String> query, StoredObject current) {
        long generation = current == null ? 0 : current.generation();
        String match = query.get("ifGenerationMatch");
        String notMatch = query.get("ifGenerationNotMatch");
        return (match == null || Long.parseLong(match) == generation)
                && (notMatch == null || Long.parseLong(notMatch) != generation);
    }

    private void download(Request r, String bucket, String name) throws IOException {
        StoredObject object = readable(r, bucket, name);
        if (object == null) return;
        byte[] data = object.data();
        var headers = r.exchange.getResponseHeaders();
        headers.set("Content-Type", "application/octet-stream");
        headers.set("x-goog-generation", Long.toString(object.generation()));
        headers.set("x-goog-metageneration", "1");
        headers.set("x-goog-stored-content-length", Integer.toString(data.length));
        headers.set("x-goog-stored-content-encoding", "identity");
        headers.set("x-goog-hash", "crc32c=" + object.crc32c() + ",md5=" + object.md5());
        String range = r.exchange.getRequestHeaders().getFirst("Range");
        int start = 0;
        int end = data.length; // exclusive
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                sendError(r.exchange, 400, "invalid", "unsupported Range " + range);
                return;
            }
            long first = Long.parseLong(m.group(1));
            if (first >= data.length && !(first == 0 && data.length == 0)) {
                headers.set("Content-Range", "bytes */" + data.length);
                sendError(r.exchange, 416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
                return;
            }
            start = (int) first;
            if (!m.group(2).isEmpty()) end = (int) Math.min(data.length, Long.parseLong(m.group(2)) + 1);
            if (data.length > 0) {
                status = 206;
                headers.set("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + data.length);
            }
        }
        int length = end - start;
        boolean truncate = length > 1 && truncationsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        r.exchange.sendResponseHeaders(status, length == 0 ? NO_CONTENT : length);
        OutputStream out = r.exchange.getResponseBody();
        if (truncate) {
            out.write(data, start, length / 2);
            out.flush();
            // Escaping the handler makes the HTTP server drop the connection mid-body.
            throw new IOException("fake GCS: download truncated on purpose");
        }
        out.write(data, start, length);
    }

    private void list(Request r, String bucket) throws IOException {
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        if (objects == null) {
            sendError(r.exchange, 404, "notFound", "The specified bucket does not exist.");
            return;
        }
        String prefix = r.param("prefix") == null ? "" : r.param("prefix");
        String token = r.param("pageToken");
        int pageSize = maxPageSize;
        if (r.param("maxResults") != null) pageSize = Math.min(pageSize, Integer.parseInt(r.param("maxResults")));
        NavigableMap<String, StoredObject> rest = token == null ? objects.tailMap(prefix, true)
                : objects.tailMap(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8), false);
        List<StoredObject> page = new ArrayList<>();
        String next = null;
        for (StoredObject object : rest.values()) {
            if (!object.name().startsWith(prefix)) break;
            if (page.size() == pageSize) {
                next = Base64.getUrlEncoder().encodeToString(page.getLast().name().getBytes(StandardCharsets.UTF_8));
                break;
            }
            page.add(object);
        }
        sendJson(r.exchange, 200, FakeJson.listing(page, next));
    }

    // ---- uploads ----------------------------------------------------------------------------------------------

    private void upload(Request r, String bucket) throws IOException {
        if (!buckets.containsKey(bucket)) {
            sendError(r.exchange, 404, "notFound", "The specified bucket does not exist.");
            return;
        }
        String type = r.param("uploadType");
        switch (type == null ? "" : type) {
            case "multipart" -> {
                byte[][] parts = multipartParts(r);
                if (parts == null) return;
                Map<String, String> metadata = FakeJson.readFlat(parts[0]);
                String name = metadata.getOrDefault("name", r.param("name"));
                finishUpload(r.query, bucket, name, metadata, parts[1]).send(r.exchange);
            }
            case "media" -> finishUpload(r.query, bucket, r.param("name"), Map.of(), r.body).send(r.exchange);
            case "resumable" -> startResumable(r, bucket);
            default -> sendError(r.exchange, 400, "invalid", "unsupported uploadType " + type);
        }
    }

    /** A JSON answer: status and body. */
    private record Response(int status, byte[] json) {
        static Response error(int status, String reason, String message) {
            return new Response(status, FakeJson.error(status, reason, message));
        }

        void send(HttpExchange exchange) throws IOException {
            sendJson(exchange, status, json);
        }
    }

    /**
     * Stores an upload if its preconditions hold (else 412) and its announced checksums match (else 400); the
     * answer is the object.
     */
    private Response finishUpload(Map<String, String> query, String bucket, String name, Map<String, String> metadata,
                                  byte[] data) {
        if (name == null || name.isEmpty()) return Response.error(400, "required", "Required: object name");
        String crc32c = metadata.get("crc32c");
        String md5 = metadata.get("md5Hash");
        if (crc32c == null || md5 == null) uploadsNotChecksummed.incrementAndGet();
        StoredObject candidate = StoredObject.of(bucket, name, data, generations.incrementAndGet());
        if (crc32c != null && !crc32c.equals(candidate.crc32c())) {
            return Response.error(400, "invalid", "Provided CRC32C \"" + crc32c
                    + "\" doesn't match calculated CRC32C \"" + candidate.crc32c() + "\".");
        }
        if (md5 != null && !md5.equals(candidate.md5())) {
            return Response.error(400, "invalid", "Provided MD5 hash \"" + md5
                    + "\" doesn't match calculated MD5 hash \"" + candidate.md5() + "\".");
        }
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        synchronized (objects) {
            if (!preconditionsHold(query, objects.get(name))) return PRECONDITION_FAILED;
            objects.put(name, candidate);
        }
        return new Response(200, FakeJson.object(candidate));
    }

    /** The metadata and media parts of a multipart/related body, or null after sending 400. */
    private static byte[][] multipartParts(Request r) throws IOException {
        String contentType = r.exchange.getRequestHeaders().getFirst("Content-Type");
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!m.find()) {
            sendError(r.exchange, 400, "invalid", "multipart upload without boundary");
            return null;
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        int position = indexOf(r.body, delimiter, 0);
        while (position >= 0) {
            int partStart = position + delimiter.length;
            if (partStart + 2 <= r.body.length && r.body[partStart] == '-' && r.body[partStart + 1] == '-') break;
            int headersEnd = indexOf(r.body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), partStart);
            int next = indexOf(r.body, ("\r\n" + new String(delimiter, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1), partStart);
            if (headersEnd < 0 || next < 0 || headersEnd > next) break;
            parts.add(Arrays.copyOfRange(r.body, headersEnd + 4, next));
            position = next + 2;
        }
        if (parts.size() != 2) {
            sendError(r.exchange, 400, "invalid", "multipart upload with " + parts.size() + " parts, expected 2");
            return null;
        }
        return parts.toArray(new byte[0][]);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** A resumable session: what the initiating request announced, and the bytes received so far. */
    private static final class ResumableUpload {
        final String bucket;
        final String name;
        final Map<String, String> metadata;
        final Map<String, String> preconditions;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] finishedResponse;

        ResumableUpload(String bucket, String name, Map<String, String> metadata, Map<String, String> preconditions) {
            this.bucket = bucket;
            this.name = name;
            this.metadata = metadata;
            this.preconditions = preconditions;
        }
    }

    private void startResumable(Request r, String bucket) throws IOException {
        Map<String, String> metadata = FakeJson.readFlat(r.body);
        String name = metadata.getOrDefault("name", r.param("name"));
        if (name == null || name.isEmpty()) {
            sendError(r.exchange, 400, "required", "Required: object name");
            return;
        }
        if (!preconditionsHold(r.query, buckets.get(bucket).get(name))) {
            PRECONDITION_FAILED.send(r.exchange);
            return;
        }
        Map<String, String> preconditions = new HashMap<>();
        for (String key : List.of("ifGenerationMatch", "ifGenerationNotMatch")) {
            if (r.param(key) != null) preconditions.put(key, r.param(key));
        }
        String id = "session-" + uploadIds.incrementAndGet();
        uploads.put(id, new ResumableUpload(bucket, name, metadata, preconditions));
        var headers = r.exchange.getResponseHeaders();
        headers.set("Location", endpoint() + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + id);
        headers.set("X-GUploader-UploadID", id);
        r.exchange.sendResponseHeaders(200, NO_CONTENT);
    }

    /**
     * A chunk ({@code Content-Range: bytes a-b/total} or {@code /*}) or a status query ({@code bytes * /…}): 308
     * with the received {@code Range} while incomplete, the object once all {@code total} bytes have arrived.
     */
    private void uploadChunk(Request r) throws IOException {
        ResumableUpload upload = uploads.get(String.valueOf(r.param("upload_id")));
        if (upload == null) {
            sendError(r.exchange, 404, "notFound", "No such upload session");
            return;
        }
        String contentRange = r.exchange.getRequestHeaders().getFirst("Content-Range");
        Matcher m = CONTENT_RANGE.matcher(contentRange == null ? "" : contentRange);
        if (!m.matches()) {
            sendError(r.exchange, 400, "invalid", "bad Content-Range " + contentRange);
            return;
        }
        synchronized (upload) {
            if (upload.finishedResponse != null) {
                sendJson(r.exchange, 200, upload.finishedResponse);
                return;
            }
            if (m.group(1) != null) {
                long first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                if (last - first + 1 != r.body.length || first > upload.received.size()) {
                    sendError(r.exchange, 400, "invalid", "chunk " + contentRange + " with " + r.body.length
                            + " bytes does not continue the " + upload.received.size() + " received");
                    return;
                }
                int overlap = (int) (upload.received.size() - first); // a re-sent chunk
                upload.received.write(r.body, overlap, r.body.length - overlap);
            }
            long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            if (total >= 0 && upload.received.size() > total) {
                sendError(r.exchange, 400, "invalid", "received " + upload.received.size() + " bytes, more than " + total);
                return;
            }
            if (total < 0 || upload.received.size() < total) {
                if (upload.received.size() > 0) {
                    r.exchange.getResponseHeaders().set("Range", "bytes=0-" + (upload.received.size() - 1));
                }
                r.exchange.sendResponseHeaders(308, NO_CONTENT);
                return;
            }
            Response response = finishUpload(upload.preconditions, upload.bucket, upload.name, upload.metadata,
                    upload.received.toByteArray());
            if (response.status() == 200) upload.finishedResponse = response.json();
            else uploads.remove(String.valueOf(r.param("upload_id")));
            response.send(r.exchange);
        }
    }

    // ---- HTTP helpers -----------------------------------------------------------------------------------------

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null) return query;
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    /** Percent-decodes a path segment, where '+' is a plus sign, not a space. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void sendJson(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    private static void sendError(HttpExchange exchange, int status, String reason, String message) throws IOException {
        sendJson(exchange, status, FakeJson.error(status, reason, message));
    }
}

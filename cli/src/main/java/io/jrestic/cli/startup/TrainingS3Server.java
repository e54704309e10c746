package io.jrestic.cli.startup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An S3 endpoint in memory on loopback, for the training run only: it answers the requests jrestic's S3 backend
 * sends (bucket head and create, object put with {@code If-None-Match}, ranged get, head, delete, ListObjectsV2),
 * so that the AWS SDK's classes and their profiles reach the start-up cache, and an {@code s3:} command does not
 * load ~3,400 classes from the jar at every start. It checks no signatures and stores nothing on disk; it is not
 * a test double (the S3 backend is proven against S3Proxy in the backends tests).
 */
final class TrainingS3Server implements AutoCloseable {
    private static final String XML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String LAST_MODIFIED = "2026-01-01T00:00:00.000Z";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    /** Objects by "bucket/key", sorted so that a listing is a range. */
    private final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    private TrainingS3Server(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    static TrainingS3Server start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService handlers = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("training-s3-", 0).factory());
        TrainingS3Server s3 = new TrainingS3Server(server, handlers);
        server.createContext("/", s3::handle);
        server.setExecutor(handlers);
        server.start();
        return s3;
    }

    /** The endpoint URL, as in {@code s3:http://127.0.0.1:PORT/bucket}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8).substring(1);
            int slash = path.indexOf('/');
            String bucket = slash < 0 ? path : path.substring(0, slash);
            String key = slash < 0 ? "" : path.substring(slash + 1);
            String method = exchange.getRequestMethod();
            if (key.isEmpty()) {
                bucketRequest(exchange, method, bucket);
            } else {
                objectRequest(exchange, method, bucket + "/" + key);
            }
        }
    }

    private void bucketRequest(HttpExchange exchange, String method, String bucket) throws IOException {
        switch (method) {
            case "HEAD" -> empty(exchange, buckets.contains(bucket) ? 200 : 404);
            case "PUT" -> {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                buckets.add(bucket);
                empty(exchange, 200);
            }
            case "GET" -> list(exchange, bucket, query(exchange).getOrDefault("prefix", ""));
            default -> error(exchange, 405, "MethodNotAllowed");
        }
    }

    private void objectRequest(HttpExchange exchange, String method, String name) throws IOException {
        switch (method) {
            case "PUT" -> {
                byte[] body = body(exchange);
                boolean onlyNew = "*".equals(exchange.getRequestHeaders().getFirst("If-None-Match"));
                if (!onlyNew) {
                    objects.put(name, body);
                } else if (objects.putIfAbsent(name, body) != null) {
                    error(exchange, 412, "PreconditionFailed");
                    return;
                }
                exchange.getResponseHeaders().set("ETag", etag(body));
                empty(exchange, 200);
            }
            case "GET", "HEAD" -> {
                byte[] object = objects.get(name);
                if (object == null) {
                    if (method.equals("HEAD")) empty(exchange, 404);
                    else error(exchange, 404, "NoSuchKey");
                    return;
                }
                exchange.getResponseHeaders().set("ETag", etag(object));
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                if (method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(object.length));
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                String range = exchange.getRequestHeaders().getFirst("Range");
                int from = 0;
                int to = object.length - 1;
                if (range != null && range.startsWith("bytes=")) {
                    String[] ends = range.substring(6).split("-", 2);
                    from = Integer.parseInt(ends[0]);
                    if (!ends[1].isEmpty()) to = Math.min(to, Integer.parseInt(ends[1]));
                    if (from > to) {
                        error(exchange, 416, "InvalidRange");
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + object.length);
                }
                exchange.sendResponseHeaders(range != null ? 206 : 200, to - from + 1L);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(object, from, to - from + 1);
                }
            }
            case "DELETE" -> {
                objects.remove(name);
                empty(exchange, 204);
            }
            default -> error(exchange, 405, "MethodNotAllowed");
        }
    }

    /** ListObjectsV2 of a prefix, in one page. */
    private void list(HttpExchange exchange, String bucket, String prefix) throws IOException {
        if (!buckets.contains(bucket)) {
            error(exchange, 404, "NoSuchBucket");
            return;
        }
        String from = bucket + "/" + prefix;
        StringBuilder contents = new StringBuilder();
        int count = 0;
        for (Map.Entry<String, byte[]> e : objects.tailMap(from, true).entrySet()) {
            if (!e.getKey().startsWith(from)) break;
            count++;
            contents.append("<Contents><Key>").append(xml(e.getKey().substring(bucket.length() + 1)))
                    .append("</Key><LastModified>").append(LAST_MODIFIED).append("</LastModified><ETag>")
                    .append(xml(etag(e.getValue()))).append("</ETag><Size>").append(e.getValue().length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        String xml = XML_HEAD + "<ListBucketResult xmlns=\"" + S3_NAMESPACE + "\"><Name>" + xml(bucket) + "</Name><Prefix>"
                + xml(prefix) + "</Prefix><KeyCount>" + count + "</KeyCount><MaxKeys>1000</MaxKeys>"
                + "<IsTruncated>false</IsTruncated>" + contents + "</ListBucketResult>";
        send(exchange, 200, xml);
    }

    /** The request body; an {@code aws-chunked} body (signed chunks, as the SDK sends over plain http) decoded. */
    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            boolean chunked = sha != null && sha.startsWith("STREAMING-") || encoding != null && encoding.contains("aws-chunked");
            if (!chunked) return in.readAllBytes();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String header = line(in);
                int semicolon = header.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).strip(), 16);
                if (size == 0) break; // trailers, if any, are not needed
                out.write(in.readNBytes(size));
                line(in);
            }
            in.transferTo(OutputStream.nullOutputStream());
            return out.toByteArray();
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("aws-chunked body ends early");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new TreeMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) return query;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String etag(byte[] content) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        send(exchange, status, XML_HEAD + "<Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.jrestic.backend.fault;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of one server (S3Proxy, {@code rclone serve restic}), for tests: it
 * forwards requests byte for byte, records every exchange (so tests can count requests and downloaded bytes per
 * repository file type), and injects the {@link Fault}s a {@link FaultPlan} chooses: dropped connections, error
 * statuses, lost responses, delays and truncated bodies.
 *
 * <p>Clients connect to {@link #endpoint()} as if it were the server. Request heads are relayed unchanged (the
 * {@code Host} header included, so AWS signatures stay valid); {@code Expect: 100-continue} is relayed with the
 * server's interim answer. Each client connection has its own server connection. {@link #main} runs it standalone
 * as a request counter, with {@code GET /__proxy/stats} and {@code POST /__proxy/reset} for scripts.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> FILE_TYPES = Set.of("keys", "locks", "snapshots", "index", "data");
    private static final String CONTROL_PREFIX = "/__proxy/";
    private static final int MAX_HEAD_BYTES = 64 << 10;

    /** One request as the proxy saw it; {@code number} counts from 1 in arrival order. */
    public record Request(int number, String method, String target, Map<String, String> headers) {
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        public String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }

        /** A header's value by case-insensitive name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /**
         * The repository file kind the request is about: "config", "keys", "locks", "snapshots", "index" or "data"
         * for a single file (S3 keys {@code …/data/xx/<id>}, REST paths {@code /data/<id>}), "list &lt;type&gt;" for a
         * listing (S3 {@code ?prefix=…/<type>/}, REST {@code /<type>/}), else "other".
         */
        public String kind() {
            String path = path();
            String[] segments = path.split("/");
            String last = segments.length == 0 ? "" : segments[segments.length - 1];
            if (!path.endsWith("/") && last.equals("config")) return "config";
            if (!path.endsWith("/") && last.matches("[0-9a-f]{64}")) {
                for (int i = segments.length - 2; i >= 0; i--) {
                    if (FILE_TYPES.contains(segments[i])) return segments[i];
                }
            }
            String prefix = queryParameter("prefix");
            String scope = prefix != null ? prefix : path.endsWith("/") ? path : null;
            if (scope != null) {
                for (String type : FILE_TYPES) {
                    if (scope.equals(type + "/") || scope.endsWith("/" + type + "/")) return "list " + type;
                }
            }
            return "other";
        }

        /** The length a {@code Range: bytes=a-b} header asks for, or -1 without one or for an open range. */
        public long rangeLength() {
            String range = header("range");
            if (range == null || !range.startsWith("bytes=")) return -1;
            String[] ends = range.substring("bytes=".length()).split("-", 2);
            if (ends.length < 2 || ends[0].isEmpty() || ends[1].isEmpty()) return -1;
            return Long.parseLong(ends[1].strip()) - Long.parseLong(ends[0].strip()) + 1;
        }

        /** True for a request that reads one file of {@code kind} ("snapshots", "index", "data", …). */
        public boolean reads(String kind) {
            return method.equals("GET") && kind().equals(kind);
        }

        /** True for a request that uploads one file of {@code kind}. */
        public boolean writes(String kind) {
            return (method.equals("PUT") || method.equals("POST")) && kind().equals(kind);
        }

        private String queryParameter(String name) {
            for (String pair : query().split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (key.equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "#" + number + " " + method + " " + target;
        }
    }

    /**
     * A finished exchange: the status the client received (0 if none), body bytes each way, and the fault applied.
     * {@code startNanos} is {@link System#nanoTime()} when the request head had arrived.
     */
    public record Exchange(Request request, Fault fault, int status, long requestBodyBytes, long responseBodyBytes,
                           long startNanos) {
    }

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger numbers = new AtomicInteger();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile FaultPlan plan = FaultPlan.NONE;

    /** Starts a proxy to the server at {@code http://upstreamHost:upstreamPort}. */
    public FaultProxy(String upstreamHost, int upstreamPort) throws IOException {
        this(upstreamHost, upstreamPort, 0);
    }

    public FaultProxy(String upstreamHost, int upstreamPort, int port) throws IOException {
        this.upstreamHost = Objects.requireNonNull(upstreamHost, "upstreamHost");
        this.upstreamPort = upstreamPort;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        acceptor = Thread.ofPlatform().daemon().name("fault-proxy-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** A proxy in front of the server at {@code url} ({@code http://host:port/…}; only host and port are used). */
    public static FaultProxy inFrontOf(String url) throws IOException {
        java.net.URI uri = java.net.URI.create(url);
        return new FaultProxy(uri.getHost(), uri.getPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Faults for the requests from now on. */
    public void plan(FaultPlan newPlan) {
        plan = Objects.requireNonNull(newPlan, "plan");
    }

    /** The exchanges so far, in the order they finished. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Forgets the recorded exchanges. */
    public void clear() {
        exchanges.clear();
    }

    /** How many finished requests read one file of {@code kind} ("snapshots", "index", "data", …). */
    public long reads(String kind) {
        return exchanges.stream().filter(e -> e.request().reads(kind)).count();
    }

    /** Response body bytes of the requests that read files of {@code kind}. */
    public long bytesRead(String kind) {
        return exchanges.stream().filter(e -> e.request().reads(kind)).mapToLong(Exchange::responseBodyBytes).sum();
    }

    /** Exchanges whose request matches, in order. */
    public List<Exchange> exchanges(java.util.function.Predicate<Request> which) {
        return exchanges.stream().filter(e -> which.test(e.request())).toList();
    }

    /** A table of request counts and body bytes by method and kind, e.g. for a benchmark report. */
    public String statistics() {
        Map<String, long[]> rows = new TreeMap<>();
        for (Exchange e : exchanges) {
            long[] row = rows.computeIfAbsent(e.request().method() + " " + e.request().kind(), k -> new long[3]);
            row[0]++;
            row[1] += e.requestBodyBytes();
            row[2] += e.responseBodyBytes();
        }
        StringBuilder out = new StringBuilder(String.format("%-22s %8s %14s %14s%n", "request", "count", "bytes up", "bytes down"));
        long[] total = new long[3];
        rows.forEach((key, row) -> {
            out.append(String.format("%-22s %8d %14d %14d%n", key, row[0], row[1], row[2]));
            for (int i = 0; i < 3; i++) total[i] += row[i];
        });
        out.append(String.format("%-22s %8d %14d %14d%n", "total", total[0], total[1], total[2]));
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            Thread.ofVirtual().name("fault-proxy-connection").start(() -> {
                try {
                    serve(client);
                } catch (IOException e) {
                    // a side hung up; the client sees a broken connection, as with a real network
                } finally {
                    closeQuietly(client);
                }
            });
        }
    }

    /** One client connection: requests in turn, each forwarded over this connection's own server connection. */
    private void serve(Socket client) throws IOException {
        InputStream clientIn = new BufferedInputStream(client.getInputStream(), 64 << 10);
        // Buffered so that an exchange is recorded before the client can have its whole answer (see flush calls).
        OutputStream clientOut = new BufferedOutputStream(client.getOutputStream(), 64 << 10);
        Upstream upstream = null;
        try {
            while (true) {
                Head head = Head.read(clientIn);
                if (head == null) return;
                long start = System.nanoTime();
                Request request = new Request(numbers.incrementAndGet(), head.method(), head.target(), head.headers());
                if (request.path().startsWith(CONTROL_PREFIX)) {
                    control(request, head, clientIn, clientOut);
                    continue;
                }
                Fault fault = plan.decide(request);
                switch (fault) {
                    case Fault.Drop drop -> {
                        exchanges.add(new Exchange(request, fault, 0, 0, 0, start));
                        return;
                    }
                    case Fault.Respond respond -> {
                        boolean expectsContinue = head.expectsContinue();
                        long skipped = expectsContinue ? 0 : copyBody(clientIn, head, OutputStream.nullOutputStream());
                        // After an unanswered 100-continue the body may or may not follow: close to stay in sync.
                        writeResponse(clientOut, respond, request.method().equals("HEAD"), expectsContinue);
                        exchanges.add(new Exchange(request, fault, respond.status(), skipped, respond.body().length, start));
                        clientOut.flush();
                        if (expectsContinue) return;
                        continue;
                    }
                    case Fault.Delay delay -> sleep(delay);
                    default -> {
                    }
                }
                if (upstream == null) upstream = connect();
                Forwarded f = forward(request, head, fault, clientIn, clientOut, upstream);
                exchanges.add(new Exchange(request, fault, f.status, f.requestBytes, f.responseBytes, start));
                clientOut.flush();
                if (f.closeUpstream) {
                    closeQuietly(upstream.socket());
                    upstream = null;
                }
                if (f.closeClient) return;
            }
        } finally {
            if (upstream != null) closeQuietly(upstream.socket());
        }
    }

    /** This client connection's connection to the server, with one buffered reader for all its responses. */
    private record Upstream(Socket socket, InputStream in, OutputStream out) {
    }

    private Upstream connect() throws IOException {
        Socket socket = new Socket(upstreamHost, upstreamPort);
        open.add(socket);
        return new Upstream(socket, new BufferedInputStream(socket.getInputStream(), 64 << 10), socket.getOutputStream());
    }

    private record Forwarded(int status, long requestBytes, long responseBytes, boolean closeClient, boolean closeUpstream) {
    }

    private Forwarded forward(Request request, Head head, Fault fault, InputStream clientIn, OutputStream clientOut,
                              Upstream upstream) throws IOException {
        InputStream upIn = upstream.in();
        OutputStream upOut = upstream.out();
        upOut.write(head.raw());
        upOut.flush();
        long requestBytes = 0;
        Head response;
        if (head.expectsContinue()) {
            response = Head.read(upIn);
            if (response == null) throw new EOFException("server closed the connection");
            if (response.status() == 100) {
                clientOut.write(response.raw());
                clientOut.flush();
                requestBytes = copyBody(clientIn, head, upOut);
                upOut.flush();
                response = readFinalHead(upIn);
            } else {
                // The server answered before the body (e.g. 412 for an existing object): the client skips it.
                return relay(request, response, fault, upIn, clientOut, 0, true);
            }
        } else {
            requestBytes = copyBody(clientIn, head, upOut);
            upOut.flush();
            response = readFinalHead(upIn);
        }
        return relay(request, response, fault, upIn, clientOut, requestBytes, false);
    }

    private Forwarded relay(Request request, Head response, Fault fault, InputStream upIn, OutputStream clientOut,
                            long requestBytes, boolean forceClose) throws IOException {
        boolean noBody = request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
        boolean untilClose = !noBody && !response.chunked() && response.contentLength() < 0;
        if (fault instanceof Fault.LoseResponse) {
            long n = noBody ? 0 : copyResponseBody(upIn, response, OutputStream.nullOutputStream(), Long.MAX_VALUE);
            return new Forwarded(0, requestBytes, n, true, untilClose || forceClose);
        }
        clientOut.write(response.raw());
        long limit = fault instanceof Fault.Truncate t ? t.bodyBytes() : Long.MAX_VALUE;
        long n = noBody ? 0 : copyResponseBody(upIn, response, clientOut, limit);
        boolean truncated = n == limit && limit != Long.MAX_VALUE;
        boolean close = forceClose || untilClose || truncated || response.closes();
        return new Forwarded(response.status(), requestBytes, n, close, close);
    }

    private static Head readFinalHead(InputStream upIn) throws IOException {
        while (true) {
            Head response = Head.read(upIn);
            if (response == null) throw new EOFException("server closed the connection before answering");
            if (response.status() >= 200 || response.status() == 101) return response;
            // other interim answers (102, 103) are dropped
        }
    }

    private void control(Request request, Head head, InputStream clientIn, OutputStream clientOut) throws IOException {
        copyBody(clientIn, head, OutputStream.nullOutputStream());
        String body;
        if (request.path().equals(CONTROL_PREFIX + "reset")) {
            clear();
            body = "reset\n";
        } else {
            body = statistics();
        }
        writeResponse(clientOut, new Fault.Respond(200, "OK", "text/plain", body.getBytes(StandardCharsets.UTF_8)), false, false);
        clientOut.flush();
    }

    /** Writes an injected answer; a HEAD request gets the head only (with the length the body would have). */
    private static void writeResponse(OutputStream out, Fault.Respond respond, boolean headOnly, boolean close)
            throws IOException {
        String head = "HTTP/1.1 " + respond.status() + " " + respond.reason() + "\r\n"
                + "Content-Type: " + respond.contentType() + "\r\n"
                + "Content-Length: " + respond.body().length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (!headOnly) out.write(respond.body());
    }

    /** Copies a request body (Content-Length or chunked, raw bytes); returns the bytes copied. */
    private static long copyBody(InputStream in, Head head, OutputStream out) throws IOException {
        if (head.chunked()) return copyChunked(in, out, Long.MAX_VALUE);
        long length = Math.max(0, head.contentLength());
        copyExactly(in, out, length);
        return length;
    }

    private static long copyResponseBody(InputStream in, Head head, OutputStream out, long limit) throws IOException {
        if (head.chunked()) return copyChunked(in, out, limit);
        long length = head.contentLength();
        if (length < 0) {
            byte[] buffer = new byte[64 << 10];
            long n = 0;
            for (int r; n < limit && (r = in.read(buffer, 0, (int) Math.min(buffer.length, limit - n))) > 0; n += r) {
                out.write(buffer, 0, r);
            }
            return n;
        }
        long n = Math.min(length, limit);
        copyExactly(in, out, n); // after a truncation the rest stays unread: the connection is closed
        return n;
    }

    /** Relays chunked framing unchanged, stopping after {@code limit} raw bytes; returns the raw bytes copied. */
    private static long copyChunked(InputStream in, OutputStream out, long limit) throws IOException {
        ByteArrayOutputStream framing = new ByteArrayOutputStream();
        long copied = 0;
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            framing.reset();
            framing.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            copied += writeLimited(out, framing.toByteArray(), copied, limit);
            if (copied >= limit) return copied;
            if (size == 0) {
                for (String trailer; !(trailer = readLine(in)).isEmpty(); ) {
                    copied += writeLimited(out, (trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1), copied, limit);
                }
                copied += writeLimited(out, "\r\n".getBytes(StandardCharsets.ISO_8859_1), copied, limit);
                return copied;
            }
            long take = Math.min(size, limit - copied);
            copyExactly(in, out, take);
            copied += take;
            if (copied >= limit) return copied;
            String end = readLine(in);
            if (!end.isEmpty()) throw new IOException("malformed chunked body: \"" + end + "\" after a chunk");
            copied += writeLimited(out, "\r\n".getBytes(StandardCharsets.ISO_8859_1), copied, limit);
        }
    }

    private static int writeLimited(OutputStream out, byte[] bytes, long copied, long limit) throws IOException {
        int n = (int) Math.min(bytes.length, limit - copied);
        out.write(bytes, 0, n);
        return n;
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 << 10];
        long left = length;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) throw new EOFException("connection closed with " + left + " body bytes to go");
            out.write(buffer, 0, r);
            left -= r;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) throw new EOFException("connection closed in the middle of a line");
            if (line.size() > MAX_HEAD_BYTES) throw new IOException("line too long");
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static void sleep(Fault.Delay delay) throws IOException {
        try {
            Thread.sleep(delay.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during an injected delay");
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already broken
        }
    }

    /** A request or response head: its raw bytes (relayed unchanged) and what the proxy needs from it. */
    private record Head(byte[] raw, String firstLine, Map<String, String> headers) {
        /** Reads a head up to its empty line; null at a clean end of stream before the first byte. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line;
                try {
                    line = readLine(in);
                } catch (EOFException e) {
                    if (raw.size() == 0) return null;
                    throw e;
                } catch (SocketException e) {
                    if (raw.size() == 0) return null; // reset between requests
                    throw e;
                }
                raw.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (raw.size() > MAX_HEAD_BYTES) throw new IOException("head too large");
                if (line.isEmpty()) {
                    if (lines.isEmpty()) continue; // tolerate a stray CRLF between messages
                    break;
                }
                lines.add(line);
            }
            Map<String, String> headers = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            return new Head(raw.toByteArray(), lines.getFirst(), headers);
        }

        String method() {
            return firstLine.split(" ", 3)[0];
        }

        String target() {
            String[] parts = firstLine.split(" ", 3);
            return parts.length > 1 ? parts[1] : "";
        }

        int status() {
            String[] parts = firstLine.split(" ", 3);
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        long contentLength() {
            String v = headers.get("content-length");
            return v == null ? -1 : Long.parseLong(v);
        }

        boolean chunked() {
            String v = headers.get("transfer-encoding");
            return v != null && v.toLowerCase(Locale.ROOT).contains("chunked");
        }

        boolean expectsContinue() {
            String v = headers.get("expect");
            return v != null && v.equalsIgnoreCase("100-continue");
        }

        boolean closes() {
            String v = headers.get("connection");
            return v != null && v.equalsIgnoreCase("close");
        }
    }

    /**
     * Runs a counting proxy: {@code FaultProxy <listen port> <server host> <server port>}. Prints its statistics for
     * {@code GET http://127.0.0.1:<port>/__proxy/stats} and forgets them on {@code POST …/__proxy/reset}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FaultProxy <listen port> <server host> <server port>");
            System.exit(2);
        }
        FaultProxy proxy = new FaultProxy(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[0]));
        System.out.println("counting proxy on " + proxy.endpoint() + " for http://" + args[1] + ":" + args[2]);
        Thread.currentThread().join();
    }
}

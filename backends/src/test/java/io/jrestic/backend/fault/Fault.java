package io.jrestic.backend.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What {@link FaultProxy} does to one request. */
public sealed interface Fault {
    /** Forward the request and its response unchanged. */
    Fault NONE = new Pass();

    record Pass() implements Fault {
    }

    /** Close the client's connection after reading the request head; nothing reaches the server. */
    record Drop() implements Fault {
    }

    /** Forward the request, let the server act on it, then close the client's connection without an answer. */
    record LoseResponse() implements Fault {
    }

    /** Answer with {@code status} and {@code body} instead of forwarding. */
    record Respond(int status, String reason, String contentType, byte[] body) implements Fault {
    }

    /** Wait, then forward. */
    record Delay(Duration delay) implements Fault {
    }

    /** Forward, relay the response head unchanged but only {@code bodyBytes} bytes of its body, then close. */
    record Truncate(long bodyBytes) implements Fault {
    }

    static Fault drop() {
        return new Drop();
    }

    static Fault loseResponse() {
        return new LoseResponse();
    }

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    static Fault truncate(long bodyBytes) {
        return new Truncate(bodyBytes);
    }

    static Fault status(int status, String reason) {
        return new Respond(status, reason, "text/plain", (status + " " + reason + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** An S3 error document, as S3 sends it. */
    static Fault s3Error(int status, String reason, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>FAULT</RequestId></Error>";
        return new Respond(status, reason, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    static Fault internalError() {
        return s3Error(500, "Internal Server Error", "InternalError", "We encountered an internal error. Please try again.");
    }

    static Fault serviceUnavailable() {
        return s3Error(503, "Service Unavailable", "ServiceUnavailable", "Reduce your request rate.");
    }

    /** S3's throttling answer. */
    static Fault slowDown() {
        return s3Error(503, "Slow Down", "SlowDown", "Please reduce your request rate.");
    }

    static Fault accessDenied() {
        return s3Error(403, "Forbidden", "AccessDenied", "Access Denied");
    }
}

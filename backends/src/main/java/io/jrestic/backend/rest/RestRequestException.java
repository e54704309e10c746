package io.jrestic.backend.rest;

import io.jrestic.backend.retry.PermanentBackendException;

import java.io.IOException;

/**
 * A REST request the server refused or that did not reach it. {@link #status()} is the HTTP status, 0 when there
 * was no response. 401, 405, 416, 501 and 507 are {@link Permanent} (restic retries neither); other statuses, a 400
 * from an upload whose hash the server found wrong included, may pass on a retry. A failed TLS handshake is permanent too.
 */
public class RestRequestException extends IOException {
    private final int status;

    RestRequestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** A refusal that retrying cannot fix. */
    public static final class Permanent extends RestRequestException implements PermanentBackendException {
        Permanent(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    /** A failure without a response that retrying cannot fix, such as an untrusted certificate. */
    static RestRequestException permanent(String message, Throwable cause) {
        return new Permanent(message, 0, cause);
    }

    static RestRequestException of(String message, int status) {
        return switch (status) {
            case 401, 405, 416, 501, 507 -> new Permanent(message, status, null);
            default -> new RestRequestException(message, status, null);
        };
    }
}

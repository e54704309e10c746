package io.jrestic.backend.s3;

import io.jrestic.backend.retry.PermanentBackendException;

import java.io.IOException;

/**
 * An S3 request that the server refused or that did not reach it. {@link #status()} is the HTTP status, 0 when
 * there was no response. Refusals that a retry cannot change (client errors other than 408 timeout, 409 conflict and 429 throttling) are
 * {@link Permanent}.
 */
public class S3RequestException extends IOException {
    private final int status;

    S3RequestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** A refusal that retrying cannot fix. */
    public static final class Permanent extends S3RequestException implements PermanentBackendException {
        Permanent(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    static S3RequestException of(String message, int status, Throwable cause) {
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 409 && status != 429;
        return permanent ? new Permanent(message, status, cause) : new S3RequestException(message, status, cause);
    }
}

package io.jrestic.backend.gcs;

import io.jrestic.backend.retry.PermanentBackendException;

import java.io.IOException;

/** A GCS failure that retrying cannot fix: bad credentials, a missing bucket, a rejected request. */
public final class GcsPermanentException extends IOException implements PermanentBackendException {
    public GcsPermanentException(String message, Throwable cause) {
        super(message, cause);
    }
}

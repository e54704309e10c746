package io.jrestic.backend.gcs;

import com.google.auth.Retryable;
import com.google.cloud.BaseServiceException;
import io.jrestic.backend.tls.ClientTls;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * Turns the client's exceptions into the {@link io.jrestic.backend.Backend} contract's: one-line messages naming the
 * location and the object, the exception types callers and the retry layer branch on, and
 * {@link GcsPermanentException} for what retrying cannot fix. Messages are built from status codes and the server's
 * error text, never from request headers, so they cannot carry a token.
 */
final class GcsErrors {
    static final int UNAUTHORIZED = 401;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int PRECONDITION_FAILED = 412;

    private GcsErrors() {
    }

    /**
     * Translates a failure of {@code action} (e.g. "save") on {@code what} (the object or bucket as a location,
     * e.g. {@code gs:bucket:/prefix/config}).
     *
     * @param missingMeansBucket whether a 404 can only mean the bucket is missing (uploads and listings), rather
     *                           than the object
     */
    static IOException translate(String action, String what, RuntimeException e, boolean missingMeansBucket,
                                 String bucket) {
        int code = e instanceof BaseServiceException service ? service.getCode() : 0;
        String reason = firstLine(e);
        if (code == NOT_FOUND && !missingMeansBucket) {
            return withCause(new NoSuchFileException(what, null, "no such file"), e);
        }
        if (code == NOT_FOUND) {
            return new GcsPermanentException(action + " " + what + ": bucket " + bucket
                    + " does not exist (jrestic init creates it)", e);
        }
        if (code == PRECONDITION_FAILED) {
            return withCause(new FileAlreadyExistsException(what, null, "file already exists"), e);
        }
        if (code == FORBIDDEN) {
            return withCause(new AccessDeniedException(what, null, action + ": access denied (HTTP 403): " + reason), e);
        }
        IOException handshake = handshakeFailure(action, what, e);
        if (handshake != null) return handshake;
        if (code == UNAUTHORIZED || isCredentialFailure(e)) {
            return new GcsPermanentException(action + " " + what + ": authentication failed (" + reason
                    + "); check " + GcsBackendFactory.CREDENTIALS_FILE_VARIABLE + " or "
                    + GcsBackendFactory.ACCESS_TOKEN_VARIABLE, e);
        }
        String status = code > 0 ? "HTTP " + code + ": " : "";
        return new IOException(action + " " + what + ": " + status + reason, e);
    }

    /** Translates an {@link IOException} from a stream the client handed out (a read or write channel). */
    static IOException translate(String action, String what, IOException e, String bucket) {
        if (e.getCause() instanceof RuntimeException cause && cause instanceof BaseServiceException) {
            return translate(action, what, cause, false, bucket);
        }
        if (e instanceof NoSuchFileException || e instanceof FileAlreadyExistsException
                || e instanceof AccessDeniedException || e instanceof GcsPermanentException) {
            return e;
        }
        IOException handshake = handshakeFailure(action, what, e);
        return handshake != null ? handshake : new IOException(action + " " + what + ": " + firstLine(e), e);
    }

    /** A refused server or client certificate stays refused: permanent, or null if {@code e} is something else. */
    private static IOException handshakeFailure(String action, String what, Exception e) {
        SSLHandshakeException handshake = ClientTls.handshakeFailure(e);
        return handshake == null ? null
                : new GcsPermanentException(action + " " + what + ": " + ClientTls.describe(handshake), e);
    }

    /** True if the token could not be obtained and trying again will not change that (e.g. a revoked key). */
    private static boolean isCredentialFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GcsPermanentException) return true; // from AccessTokenCredentials
            if (t instanceof Retryable retryable && t.getClass().getName().startsWith("com.google.auth.")) {
                return !retryable.isRetryable();
            }
        }
        return false;
    }

    /** The first line of the innermost informative message: the server's error text or the network failure. */
    static String firstLine(Throwable e) {
        String message = e.getMessage();
        if ((message == null || message.isBlank()) && e.getCause() != null) return firstLine(e.getCause());
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static <T extends IOException> T withCause(T exception, Throwable cause) {
        exception.initCause(cause);
        return exception;
    }
}

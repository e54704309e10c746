package io.jrestic.repository;

/**
 * Stored bytes are damaged: a MAC failure, a hash that does not match a name, a truncated or malformed file.
 * The message names the file and, for blobs, the blob.
 */
public final class RepositoryCorruptException extends RepositoryException {
    public RepositoryCorruptException(String message) {
        super(message);
    }

    public RepositoryCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}

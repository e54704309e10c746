package io.jrestic.repository;

import java.io.IOException;

/** A repository-level failure with a one-line message that names what and where. */
public class RepositoryException extends IOException {
    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}

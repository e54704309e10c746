package io.jrestic.migrate;

import java.io.IOException;

/** A migration that failed; the message says in what state it left the repository. */
public final class MigrationException extends IOException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}

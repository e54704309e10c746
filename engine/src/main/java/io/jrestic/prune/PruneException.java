package io.jrestic.prune;

import java.io.IOException;

/** A prune refused to start or stopped because going on could lose data; the message says what and where. */
public final class PruneException extends IOException {
    public PruneException(String message) {
        super(message);
    }

    public PruneException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.jrestic.index;

import java.io.IOException;

/** An index file's JSON is malformed or breaks the format (restic-format §9.1). The message says where. */
public final class InvalidIndexException extends IOException {
    public InvalidIndexException(String message) {
        super(message);
    }

    public InvalidIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}

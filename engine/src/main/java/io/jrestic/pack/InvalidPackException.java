package io.jrestic.pack;

import java.io.IOException;

/**
 * A pack file's bytes break the format (restic-format §8.4): a bad header length, a header that fails
 * authentication or an unparseable entry. The message names the pack. The repository layer reports it as
 * damage; an {@code IOException} from the backend itself is not this.
 */
public final class InvalidPackException extends IOException {
    public InvalidPackException(String message) {
        super(message);
    }

    public InvalidPackException(String message, Throwable cause) {
        super(message, cause);
    }
}

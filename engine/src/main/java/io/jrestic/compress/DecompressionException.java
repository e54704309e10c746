package io.jrestic.compress;

import java.io.IOException;

/** Compressed bytes are not valid zstd or do not decompress to the expected size: the stored data is damaged. */
public final class DecompressionException extends IOException {
    public DecompressionException(String message) {
        super(message);
    }

    public DecompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}

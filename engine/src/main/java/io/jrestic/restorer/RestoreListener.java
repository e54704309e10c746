package io.jrestic.restorer;

/**
 * Receives what a restore reports as it goes. Called from several threads at once: implementations must be
 * thread-safe. {@code location} is the item's path inside the restored tree, e.g. {@code "/home/user/x"}.
 */
public interface RestoreListener {
    RestoreListener NONE = new RestoreListener() {
    };

    /** An item could not be restored or verified; the run goes on and ends with an error count. */
    default void error(String location, Exception cause) {
    }

    /** Something was left out or approximated without failing the run (e.g. extended attributes unsupported). */
    default void warning(String location, String message) {
    }

    /**
     * The restore is planned: {@code files} files will be restored, {@code bytes} bytes of content written
     * (for a percentage and an ETA). Called once, before any content is written.
     */
    default void planned(long files, long bytes) {
    }

    /** A file is complete (content and metadata), {@code bytes} long. */
    default void fileDone(String location, long bytes) {
    }

    /** Bytes of file content written so far (for progress displays). */
    default void bytesWritten(long bytes) {
    }
}

package io.jrestic.archiver;

/** Receives what a backup run reports as it goes: errors on source items and per-item progress. */
public interface BackupListener {
    BackupListener NONE = new BackupListener() {
    };

    /** A source item could not be read; it is left out of the snapshot and the run ends with exit code 3. */
    default void error(String item, String during, Exception cause) {
    }

    /** A worker starts reading a file's content (restic shows the files being read under its status line). */
    default void fileStarted(String item) {
    }

    /** A file was processed ({@code bytes} read or reused). */
    default void fileDone(String item, long bytes, boolean changed) {
    }

    /** Bytes read from a source so far, for progress displays. */
    default void bytesRead(long bytes) {
    }
}

package io.jrestic.cli;

/** restic's exit codes, so scripts written for restic keep working. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    /** Backup finished, but some source files could not be read (the snapshot was still created). */
    public static final int PARTIAL_BACKUP = 3;
    public static final int REPOSITORY_NOT_FOUND = 10;
    public static final int LOCK_FAILED = 11;
    public static final int WRONG_PASSWORD = 12;
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}

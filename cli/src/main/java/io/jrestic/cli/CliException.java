package io.jrestic.cli;

/**
 * A user-facing error: printed as one line and exits with {@link #exitCode()}. Like restic, which prefixes only its
 * "fatal" errors with {@code Fatal: } and prints other errors bare, {@link #plain} makes an error without the prefix.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;
    private final boolean fatal;

    public CliException(String message) {
        this(message, ExitCode.FAILURE);
    }

    public CliException(String message, int exitCode) {
        this(message, exitCode, true);
    }

    private CliException(String message, int exitCode, boolean fatal) {
        super(message);
        this.exitCode = exitCode;
        this.fatal = fatal;
    }

    /** An error restic reports without the {@code Fatal: } prefix (exit code 1). */
    public static CliException plain(String message) {
        return new CliException(message, ExitCode.FAILURE, false);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The line to print: the message, prefixed with {@code Fatal: } unless {@link #plain}. */
    public String line() {
        return fatal ? "Fatal: " + getMessage() : getMessage();
    }
}

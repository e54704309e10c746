package io.jrestic.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The process's standard input as the password sources see it: a terminal to prompt on, or a stream whose lines
 * are passwords (restic reads the password from a standard input that is not a terminal:
 * {@code echo "$PW" | restic snapshots}), unless a command reads its data from there.
 */
public final class StandardInput {
    /** restic's message when the password would have to come from a standard input that holds the command's data. */
    public static final String NO_PASSWORD_FROM_DATA =
            "unable to read password from stdin when data is to be read from stdin, use --password-file or $RESTIC_PASSWORD";

    private final InputStream stream;
    private final boolean terminal;
    private volatile boolean holdsData;

    /**
     * @param stream   the input; unbuffered if what follows a password must stay in it for another reader
     * @param terminal whether {@code stream} is a terminal (then passwords are prompted for, never read plainly)
     */
    public StandardInput(InputStream stream, boolean terminal) {
        this.stream = stream;
        this.terminal = terminal;
    }

    /** An empty standard input that is not a terminal, as {@code < /dev/null} gives. */
    public static StandardInput empty() {
        return new StandardInput(InputStream.nullInputStream(), false);
    }

    public InputStream stream() {
        return stream;
    }

    public boolean terminal() {
        return terminal;
    }

    /** Marks the input as the command's data ({@code backup --stdin}), so no password is read from it. */
    public void holdData() {
        holdsData = true;
    }

    public boolean holdsData() {
        return holdsData;
    }

    /**
     * The next line, without its line ending ({@code \n}, or {@code \r\n} as Go's line scanner takes it); the rest of
     * the input if it has no line ending. Read byte by byte, so that from an unbuffered stream nothing after it is
     * consumed (the process's standard input is one: a command run by the backup reads on from there).
     */
    byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = stream.read(); b >= 0 && b != '\n'; b = stream.read()) line.write(b);
        byte[] bytes = line.toByteArray();
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }
}

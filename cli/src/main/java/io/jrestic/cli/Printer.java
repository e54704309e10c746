package io.jrestic.cli;

import io.jrestic.cli.progress.StatusLines;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a command's output goes: results to stdout, messages to stderr; {@code -q} silences messages,
 * {@code -v} raises the verbosity, {@code --json} switches results to restic's JSON shapes. While progress status
 * lines are shown ({@link #showStatus}), messages are written above them so the two never garble each other.
 */
public final class Printer {
    private final PrintStream out;
    private final PrintStream err;
    private final int verbosity;
    private final boolean json;
    private final boolean terminal;
    private volatile StatusLines status;

    public Printer(PrintStream out, PrintStream err, boolean quiet, int verbose, boolean json) {
        this(out, err, quiet, verbose, json, false);
    }

    /** @param terminal {@code out} is a terminal that can redraw status lines in place (restic's CanUpdateStatus) */
    public Printer(PrintStream out, PrintStream err, boolean quiet, int verbose, boolean json, boolean terminal) {
        this.out = out;
        this.err = err;
        this.verbosity = quiet ? 0 : 1 + verbose;
        this.json = json;
        this.terminal = terminal;
    }

    /** This printer for a command without JSON output, whose messages restic prints as text even with --json. */
    public Printer asText() {
        return json ? new Printer(out, err, verbosity == 0, Math.max(0, verbosity - 1), false, terminal) : this;
    }

    /** True if stdout is a terminal that can redraw status lines in place. */
    public boolean terminal() {
        return terminal;
    }

    /**
     * Status lines on stdout, drawn in place only on a terminal and never with --quiet (restic's termstatus); while
     * they are drawn in place, messages are written above them, until {@link #hideStatus}.
     */
    public StatusLines showStatus() {
        StatusLines lines = StatusLines.onStandardOutput(out, terminal && !quiet());
        if (lines.inPlace()) status = lines;
        return lines;
    }

    /** Erases {@code lines} and writes messages plainly again. */
    public void hideStatus(StatusLines lines) {
        status = null;
        lines.clear();
    }

    private void println(PrintStream to, String line) {
        StatusLines s = status;
        if (s == null) to.println(line);
        else s.message(to, line);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean json() {
        return json;
    }

    public boolean quiet() {
        return verbosity == 0;
    }

    public int verbosity() {
        return verbosity;
    }

    /** A result line on stdout (suppressed by --quiet only where restic suppresses it: callers decide). */
    public void result(String line) {
        out.println(line);
    }

    /** A JSON document on stdout, followed by a newline. */
    public void jsonLine(byte[] json) {
        out.write(json, 0, json.length);
        out.write('\n');
        out.flush();
    }

    /** A message for a human, shown unless --quiet; in JSON mode it goes to stderr to keep stdout parseable. */
    public void info(String line) {
        if (verbosity >= 1) println(json ? err : out, line);
    }

    /** Shown only with -v. */
    public void verbose(String line) {
        if (showsVerbose()) println(json ? err : out, line);
    }

    /** Whether {@link #verbose} lines are shown: for callers that would build many of them. */
    public boolean showsVerbose() {
        return verbosity >= 2;
    }

    public void warn(String line) {
        println(err, line);
    }

    public void raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

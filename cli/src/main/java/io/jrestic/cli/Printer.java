package io.jrestic.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a command's output goes: results to stdout, messages to stderr; {@code -q} silences messages,
 * {@code -v} raises the verbosity, {@code --json} switches results to restic's JSON shapes.
 */
public final class Printer {
    private final PrintStream out;
    private final PrintStream err;
    private final int verbosity;
    private final boolean json;

    public Printer(PrintStream out, PrintStream err, boolean quiet, int verbose, boolean json) {
        this.out = out;
        this.err = err;
        this.verbosity = quiet ? 0 : 1 + verbose;
        this.json = json;
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
        if (verbosity >= 1) (json ? err : out).println(line);
    }

    /** Shown only with -v. */
    public void verbose(String line) {
        if (verbosity >= 2) (json ? err : out).println(line);
    }

    public void warn(String line) {
        err.println(line);
    }

    public void raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

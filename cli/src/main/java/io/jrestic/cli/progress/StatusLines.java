package io.jrestic.cli.progress;

import io.jrestic.fs.Terminal;
import java.io.PrintStream;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The status lines at the bottom of the output, as restic's termstatus draws them. On a terminal they are redrawn
 * in place: each line is cleared ({@code \r ESC[2K}) and rewritten, then the cursor goes back up ({@code ESC[1A}) to
 * the first one, and messages printed meanwhile appear above them. Elsewhere (only when {@code RESTIC_PROGRESS_FPS}
 * asks for progress on a non-terminal) every update is printed as plain lines. Thread-safe: updates come from a
 * ticker thread, messages from workers.
 */
public final class StatusLines {
    static final String CLEAR_LINE = "\r\u001b[2K";
    static final String CURSOR_UP = "\u001b[1A";

    private final PrintStream out;
    private final boolean inPlace;
    private final IntSupplier columns;
    private List<String> current = List.of();
    /** Lines drawn in place below the cursor, blank ones included: what {@link #clear} must erase. */
    private int drawn;

    /**
     * @param inPlace {@code out} is a terminal that can redraw in place
     * @param columns the terminal's width, 0 if unknown (80 is assumed then, as restic does)
     */
    public StatusLines(PrintStream out, boolean inPlace, IntSupplier columns) {
        this.out = out;
        this.inPlace = inPlace;
        this.columns = columns;
    }

    /** Status lines on standard output, in place if it is a terminal (width asked with TIOCGWINSZ). */
    public static StatusLines onStandardOutput(PrintStream out, boolean terminal) {
        return new StatusLines(out, terminal, () -> terminal ? Terminal.columns(1) : 0);
    }

    /**
     * restic's CanUpdateStatus: standard output is a terminal and {@code TERM} names one that is not "dumb".
     * Checked with {@code isatty(1)} through the FFM POSIX layer.
     */
    public static boolean canUpdateInPlace(String term) {
        return term != null && !term.isEmpty() && !term.equals("dumb") && Terminal.isTerminal(1);
    }

    public boolean inPlace() {
        return inPlace;
    }

    /** Replaces the status lines. */
    public synchronized void set(List<String> lines) {
        if (lines.isEmpty()) return;
        current = List.copyOf(lines);
        if (!inPlace) {
            StringBuilder b = new StringBuilder();
            for (String l : lines) b.append(l).append('\n');
            out.print(b);
            out.flush();
            return;
        }
        out.print(draw(lines));
        out.flush();
    }

    /** Prints a message line above the status lines (stdout or stderr), then redraws them. */
    public synchronized void message(PrintStream to, String line) {
        if (!inPlace || drawn == 0) {
            to.println(line);
            to.flush();
            return;
        }
        out.print(CLEAR_LINE);
        out.flush();
        to.println(line);
        to.flush();
        drawn = 0; // the message moved the cursor down over the first status line
        out.print(draw(current));
        out.flush();
    }

    /** Erases the status lines (in place) and leaves the cursor where the first one was. */
    public synchronized void clear() {
        current = List.of();
        if (!inPlace || drawn == 0) return;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < drawn; i++) b.append(CLEAR_LINE).append('\n');
        b.append('\r').append(CURSOR_UP.repeat(drawn));
        drawn = 0;
        out.print(b);
        out.flush();
    }

    /**
     * The escape sequence that redraws {@code lines} from the cursor and returns to the first line. Lines left over
     * from a longer previous status are blanked; each line is cut to the width less two, as restic does.
     */
    private String draw(List<String> lines) {
        int width = columns.getAsInt();
        if (width <= 0) width = 80;
        int n = Math.max(lines.size(), drawn);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(CLEAR_LINE);
            if (i < lines.size()) b.append(ProgressText.truncate(lines.get(i), width - 2));
            if (i < n - 1) b.append('\n');
        }
        b.append('\r').append(CURSOR_UP.repeat(n - 1));
        drawn = n;
        return b.toString();
    }
}

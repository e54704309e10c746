package io.jrestic.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.CliRun;
import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.JresticJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a user sees it, end to end: jrestic in a JVM of its own whose standard output is a real
 * pseudo-terminal (util-linux {@code script}, TERM=xterm, no RESTIC_PROGRESS_FPS), and the same commands with
 * standard output a pipe. On the terminal, backup and restore redraw their status lines in place and erase them
 * before the summary; check and prune draw restic's counters in place and leave their final state. Through a pipe,
 * nothing is redrawn: no escape sequence, no status line, only the counters' final lines, as restic 0.14.
 *
 * <p>What the terminal ends up showing is checked by replaying the captured bytes on {@link Screen}, a model of
 * just the terminal features jrestic uses. Backup and restore read 32 MiB, long enough for several redraws at
 * 60 per second, a wide margin for the one redraw they need; check and prune print their counters' final state
 * whatever the timing. Nothing here sleeps or compares timings: only the texts' stable parts are compared, never
 * elapsed times or intermediate numbers.
 */
class PtyProgressTest {
    private static final String ERASE_LINE = "\u001b[2K";
    private static final int COLUMNS = 120;
    private static final int FILES = 8;
    private static final int FILE_SIZE = 4 << 20;
    private static final String SOURCE_TOTAL = "total " + FILES + " files 32.000 MiB";

    private static final String ELAPSED = "\\[\\d+:\\d{2}\\] ";
    private static final String SIZE = "(\\d+ B|\\d+\\.\\d{3} [KMGT]iB)";
    private static final Pattern ANY_STATUS = Pattern.compile("^" + ELAPSED, Pattern.MULTILINE);
    private static final Pattern BACKUP_STATUS = Pattern.compile(ELAPSED + "(\\d+\\.\\d{2}%  )?\\d+ files " + SIZE
            + ", " + SOURCE_TOTAL + ", 0 errors( ETA \\d+:\\d{2})?");
    private static final Pattern RESTORE_STATUS = Pattern.compile(ELAPSED + "\\d+\\.\\d{2}%  \\d+ files " + SIZE
            + ", " + SOURCE_TOTAL);
    private static final Pattern COUNTER = Pattern.compile(ELAPSED + "\\d+\\.\\d{2}%  \\d+ / \\d+ [a-z ]+");

    /** {@code script} is installed and can open a pseudo-terminal here (a container may have no /dev/pts). */
    private static final boolean SCRIPT_WORKS = scriptWorks();

    @TempDir
    Path tmp;
    private Path source;
    private Map<String, String> env;

    @BeforeEach
    void repository() {
        assumeTrue(SCRIPT_WORKS, "util-linux script (Debian bsdutils) is not installed or cannot open a pseudo-terminal");
        source = tmp.resolve("src");
        env = Map.of(
                "RESTIC_REPOSITORY", tmp.resolve("repo").toString(),
                "RESTIC_PASSWORD", "secret",
                "RESTIC_CACHE_DIR", tmp.resolve("cache").toString(),
                "TERM", "xterm");
        // ChildProcess hands the children no RESTIC_* variable of this JVM: no RESTIC_PROGRESS_FPS, restic's default rate
        inProcess("init");
    }

    @Test
    void backupOnATerminalRedrawsFilesAndBytesInPlaceThenErasesThemForTheSummary() throws IOException {
        writeSource(FILES, FILE_SIZE);
        Run backup = onTerminal(COLUMNS, "backup", source.toString());

        backup.assertExitedOk();
        backup.assertContains(StatusLines.CLEAR_LINE);
        backup.assertContains(StatusLines.CURSOR_UP);
        backup.assertDrew(BACKUP_STATUS);
        backup.assertDrew(Pattern.compile(Pattern.quote(source.toString()) + "/f\\d")); // a file being read, below
        Screen screen = backup.screen();
        backup.check(!ANY_STATUS.matcher(screen.text()).find(), "no status line is left on the screen");
        backup.check(screen.rows().stream().noneMatch(r -> r.startsWith(source.toString())), "no file being read is left");
        backup.check(screen.text().contains("\nFiles:           8 new,     0 changed,     0 unmodified\n"
                + "Dirs: "), "the summary is shown whole");
        backup.check(screen.lastText().matches("snapshot [0-9a-f]{8} saved"), "the summary ends the output");
        backup.assertCursorOnAFreshLine(screen);
    }

    @Test
    void restoreOnATerminalRedrawsPercentFilesAndBytesInPlaceThenErasesThem() throws IOException {
        writeSource(FILES, FILE_SIZE);
        inProcess("backup", "-q", source.toString());
        Path target = tmp.resolve("restored");
        Run restore = onTerminal(COLUMNS, "restore", "latest", "--target", target.toString());

        restore.assertExitedOk();
        restore.assertContains(StatusLines.CLEAR_LINE);
        restore.assertContains(StatusLines.CURSOR_UP);
        restore.assertDrew(RESTORE_STATUS);
        Screen screen = restore.screen();
        restore.check(!ANY_STATUS.matcher(screen.text()).find(), "no status line is left on the screen");
        int firstLineEnd = restore.output().indexOf("\r\n");
        restore.check(firstLineEnd >= 0, "a first line");
        String restoring = restore.output().substring(0, firstLineEnd);
        restore.check(restoring.startsWith("restoring <Snapshot ") && String.join("", screen.rows()).equals(restoring),
                "only restic's restoring line stays on the screen");
        restore.assertCursorOnAFreshLine(screen);
        assertSameFiles(source, restoredCopy(target));
    }

    @Test
    void checkReadDataOnATerminalDrawsItsCountersInPlaceAndLeavesTheirFinalState() throws IOException {
        writeSource(3, 64 << 10);
        inProcess("backup", "-q", source.toString());
        Run check = onTerminal(COLUMNS, "check", "--read-data");

        check.assertExitedOk();
        check.assertEveryCounterDrawnInPlace();
        check.assertDrew(Pattern.compile(ELAPSED + "100\\.00%  1 / 1 snapshots"));
        check.assertDrew(Pattern.compile(ELAPSED + "100\\.00%  (\\d+) / \\1 packs"));
        Screen screen = check.screen();
        check.check(screen.rows().stream().filter(r -> r.matches(ELAPSED + "100\\.00%  (\\d+) / \\1 packs")).count() == 1,
                "the packs counter's final state stays on the screen, once");
        check.check(screen.lastText().equals("no errors were found"), "check's verdict ends the output");
        check.assertCursorOnAFreshLine(screen);
    }

    @Test
    void forgetWithPruneOnATerminalDrawsEveryCounterInPlace() throws IOException {
        writeSource(3, 64 << 10);
        inProcess("backup", "-q", source.toString());
        Files.write(source.resolve("f1"), new byte[1000]);
        inProcess("backup", "-q", source.toString());
        Run forget = onTerminal(COLUMNS, "forget", "--keep-last", "1", "--prune");

        forget.assertExitedOk();
        forget.assertEveryCounterDrawnInPlace();
        forget.assertDrew(Pattern.compile(ELAPSED + "100\\.00%  1 / 1 files deleted")); // the forgotten snapshot
        forget.assertDrew(Pattern.compile(ELAPSED + "100\\.00%  1 / 1 snapshots"));
        forget.assertDrew(Pattern.compile(ELAPSED + "100\\.00%  (\\d+) / \\1 packs processed"));
        Screen screen = forget.screen();
        // restic's final counter line on a terminal is ESC[2K line CR LF: no empty line after it, unlike on a pipe
        forget.check(screen.text().contains("1 / 1 files deleted\n1 snapshots have been removed, running prune\n"),
                "the deletion counter's final line, then restic's announcement of the prune");
        forget.check(screen.lastText().equals("done"), "prune's last step ends the output");
        forget.assertCursorOnAFreshLine(screen);
    }

    @Test
    void countersOnANarrowTerminalAreCutToItsWidthSoTheyNeverWrap() throws IOException {
        writeSource(1, 1000);
        inProcess("backup", "-q", source.toString());
        int columns = 24;
        Run check = onTerminal(columns, "check");

        check.assertExitedOk();
        // "[0:00] 100.00%  1 / 1 snapshots" is cut to the width less three, then "..." is added, as restic does
        check.assertDrew(Pattern.compile(ELAPSED + "100\\.00%  1 / 1\\.\\.\\."));
        for (String line : check.drawn()) check.check(line.length() <= columns, "no drawn line is wider than the terminal");
    }

    @Test
    void backupAndRestoreThroughAPipePrintNoStatusLinesAndNoEscapeSequences() throws IOException {
        writeSource(FILES, FILE_SIZE);
        Run backup = throughPipe("backup", source.toString());
        backup.assertExitedOk();
        backup.assertPlain();
        backup.check(!ANY_STATUS.matcher(backup.output()).find(), "no status line");
        backup.check(backup.output().contains("\nFiles:           8 new,     0 changed,     0 unmodified\n"), "the summary");

        Path target = tmp.resolve("restored");
        Run restore = throughPipe("restore", "latest", "--target", target.toString());
        restore.assertExitedOk();
        restore.assertPlain();
        restore.check(!ANY_STATUS.matcher(restore.output()).find(), "no status line");
        restore.check(restore.output().lines().count() == 1, "only restic's restoring line");
        assertSameFiles(source, restoredCopy(target));
    }

    @Test
    void checkThroughAPipePrintsOnlyEachCountersFinalLineAsRestic014() throws IOException {
        writeSource(3, 64 << 10);
        inProcess("backup", "-q", source.toString());
        Run check = throughPipe("check", "--read-data");

        check.assertExitedOk();
        check.assertPlain();
        List<String> statuses = check.output().lines().filter(l -> ANY_STATUS.matcher(l).find()).toList();
        check.check(statuses.size() == 2 && statuses.get(0).matches(ELAPSED + "100\\.00%  1 / 1 snapshots")
                && statuses.get(1).matches(ELAPSED + "100\\.00%  (\\d+) / \\1 packs"), "one final line per counter");
    }

    // ---- what the tests run ----

    private static boolean scriptWorks() {
        if (!ChildProcess.onPath("script")) return false;
        try {
            Process p = new ProcessBuilder("script", "-q", "-e", "-c", "true", "/dev/null")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A step that sets the scene, run in this JVM (faster than a child's start-up); it must succeed. */
    private void inProcess(String... args) {
        CliRun cli = new CliRun();
        env.forEach(cli::env);
        CliRun.Result r = cli.run(args);
        assertEquals(0, r.exitCode(), () -> "jrestic " + String.join(" ", args) + ": " + r.err());
    }

    /** {@code jrestic ARGS} in a child JVM on a pseudo-terminal {@code columns} wide: stdout and stderr both go to it. */
    private Run onTerminal(int columns, String... args) {
        String command = "stty cols " + columns + " rows 50 && exec "
                + JresticJvm.command(args).stream().map(PtyProgressTest::shellQuoted).collect(Collectors.joining(" "));
        Map<String, String> withShell = new HashMap<>(env);
        withShell.put("SHELL", "/bin/sh"); // script runs the command with $SHELL -c
        // -q: no "Script started" lines; -e: script exits with the child's code; -f: flush as written. The typescript
        // goes to /dev/null; script's standard output is the terminal's, and its standard input /dev/null.
        ChildProcess.Output o = ChildProcess.run(List.of("script", "-q", "-e", "-f", "-c", command, "/dev/null"), withShell);
        return new Run("jrestic " + String.join(" ", args) + " on a " + columns + "-column terminal", o.exitCode(),
                o.out() + o.err(), columns);
    }

    /** {@code jrestic ARGS} in a child JVM whose stdout and stderr are pipes; TERM still says xterm. */
    private Run throughPipe(String... args) {
        ChildProcess.Output o = ChildProcess.run(JresticJvm.command(args), env);
        return new Run("jrestic " + String.join(" ", args) + " through a pipe", o.exitCode(),
                o.out() + (o.err().isEmpty() ? "" : "\n--- stderr ---\n" + o.err()), 0);
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private void writeSource(int files, int size) throws IOException {
        Files.createDirectories(source);
        Random random = new Random(42);
        byte[] data = new byte[size];
        for (int i = 1; i <= files; i++) {
            random.nextBytes(data);
            Files.write(source.resolve("f" + i), data);
        }
    }

    /** Where restore puts the source directory: its absolute path under the target, as restic does. */
    private Path restoredCopy(Path target) {
        return target.resolve(source.getRoot().relativize(source));
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        try (var files = Files.list(expected)) {
            for (Path f : files.toList()) {
                Path copy = actual.resolve(f.getFileName().toString());
                assertTrue(Files.exists(copy), copy + " is restored");
                assertEquals(-1L, Files.mismatch(f, copy), copy + " has the content of " + f);
            }
        }
    }

    /**
     * One command's outcome: exit code and everything it wrote (the terminal's bytes, or stdout then stderr). Every
     * failed check reports the command and its output on one line, control characters made visible.
     */
    record Run(String what, int exitCode, String output, int columns) {
        void check(boolean ok, String expectation) {
            assertTrue(ok, () -> what + ": expected " + expectation + "; exit " + exitCode + ", output: " + visible(output));
        }

        void assertExitedOk() {
            check(exitCode == 0, "exit code 0");
        }

        void assertContains(String sequence) {
            check(output.contains(sequence), "the sequence " + visible(sequence));
        }

        /** The lines drawn in place: what follows each ESC[2K up to the carriage return or newline that ends it. */
        List<String> drawn() {
            List<String> lines = new ArrayList<>();
            for (int at = output.indexOf(ERASE_LINE); at >= 0; at = output.indexOf(ERASE_LINE, at + 1)) {
                int from = at + ERASE_LINE.length();
                int to = from;
                while (to < output.length() && "\r\n\u001b".indexOf(output.charAt(to)) < 0) to++;
                if (to > from) lines.add(output.substring(from, to));
            }
            return lines;
        }

        void assertDrew(Pattern line) {
            check(drawn().stream().anyMatch(l -> line.matcher(l).matches()), "a line drawn in place matching " + line);
        }

        /** Each counter line is drawn after ESC[2K and ends with a carriage return: redrawn in place, not scrolled. */
        void assertEveryCounterDrawnInPlace() {
            Matcher m = COUNTER.matcher(output);
            while (m.find()) {
                // the pseudo-terminal turns every newline into CR LF, so a carriage return of the line's own is one
                // not followed by a newline
                boolean inPlace = output.startsWith(ERASE_LINE, m.start() - ERASE_LINE.length())
                        && output.startsWith("\r", m.end()) && !output.startsWith("\r\n", m.end());
                check(inPlace, "the counter \"" + m.group() + "\" drawn in place (ESC[2K ... CR)");
            }
        }

        /** Nothing a terminal would interpret: no escape sequence, no carriage return. */
        void assertPlain() {
            check(output.indexOf('\u001b') < 0, "no escape sequence");
            check(output.indexOf('\r') < 0, "no carriage return");
        }

        Screen screen() {
            return Screen.replay(output, columns);
        }

        /** The next output (the shell's prompt) starts at the beginning of an empty line below everything shown. */
        void assertCursorOnAFreshLine(Screen screen) {
            check(screen.cursorColumn() == 0 && screen.rows().subList(screen.cursorRow(), screen.rows().size())
                    .stream().allMatch(String::isEmpty), "the cursor at the start of a free line after the output");
        }

        private static String visible(String s) {
            return s.replace("\u001b", "<ESC>").replace("\r", "\\r").replace("\n", "\\n");
        }
    }

    /**
     * Just enough of an xterm to replay what a command wrote: text with automatic wrap at the right margin, CR, LF,
     * ESC[2K (erase the line) and ESC[nA (cursor up). Any other escape sequence fails the test: jrestic has no
     * business writing it. The screen grows downwards instead of scrolling, which is the same as long as the cursor
     * never goes up more rows than a screen has.
     */
    static final class Screen {
        private static final Pattern CSI = Pattern.compile("\u001b\\[(\\d*)([A-Za-z])");

        private final int columns;
        private final List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        private int row;
        private int column;

        private Screen(int columns) {
            this.columns = columns;
        }

        static Screen replay(String output, int columns) {
            Screen s = new Screen(columns);
            Matcher csi = CSI.matcher(output);
            for (int i = 0; i < output.length(); i++) {
                char c = output.charAt(i);
                if (c == '\r') {
                    s.column = 0;
                } else if (c == '\n') {
                    s.down();
                } else if (c == '\u001b') {
                    if (!csi.find(i) || csi.start() != i) {
                        throw new AssertionError("unexpected escape sequence at "
                                + output.substring(i, Math.min(output.length(), i + 8)).replace("\u001b", "<ESC>"));
                    }
                    s.control(csi.group(1), csi.group(2));
                    i = csi.end() - 1;
                } else {
                    s.put(c);
                }
            }
            return s;
        }

        private void control(String parameter, String command) {
            switch (command) {
                case "K" -> {
                    assertEquals("2", parameter, "jrestic erases whole lines only");
                    rows.get(row).setLength(0);
                }
                case "A" -> row = Math.max(0, row - (parameter.isEmpty() ? 1 : Integer.parseInt(parameter)));
                default -> throw new AssertionError("unexpected escape sequence ESC[" + parameter + command);
            }
        }

        private void down() {
            row++;
            if (row == rows.size()) rows.add(new StringBuilder());
        }

        private void put(char c) {
            if (column == columns) { // xterm wraps when a character follows a full line
                down();
                column = 0;
            }
            StringBuilder r = rows.get(row);
            while (r.length() < column) r.append(' ');
            if (column < r.length()) r.setCharAt(column, c);
            else r.append(c);
            column++;
        }

        /** Every row as shown, trailing blanks removed. */
        List<String> rows() {
            return rows.stream().map(r -> r.toString().stripTrailing()).toList();
        }

        String text() {
            return String.join("\n", rows());
        }

        /** The last row that shows something. */
        String lastText() {
            List<String> shown = rows();
            for (int i = shown.size() - 1; i >= 0; i--) if (!shown.get(i).isEmpty()) return shown.get(i);
            return "";
        }

        int cursorRow() {
            return row;
        }

        int cursorColumn() {
            return column;
        }
    }
}

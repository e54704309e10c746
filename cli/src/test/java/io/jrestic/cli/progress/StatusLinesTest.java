package io.jrestic.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** restic's termstatus: status lines redrawn in place on a terminal, printed plainly elsewhere. */
class StatusLinesTest {
    private static final String CLEAR = "\r\u001b[2K";
    private static final String UP = "\u001b[1A";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    @Test
    void onATerminalEachLineIsClearedAndRewrittenThenTheCursorReturnsToTheFirst() {
        StatusLines lines = new StatusLines(out, true, () -> 80);
        lines.set(List.of("[0:01] status", "/file/a"));
        assertEquals(CLEAR + "[0:01] status\n" + CLEAR + "/file/a\r" + UP, written());
    }

    @Test
    void aShorterStatusBlanksTheLinesLeftFromTheLongerOne() {
        StatusLines lines = new StatusLines(out, true, () -> 80);
        lines.set(List.of("s", "/a", "/b"));
        written();
        lines.set(List.of("t"));
        assertEquals(CLEAR + "t\n" + CLEAR + "\n" + CLEAR + "\r" + UP + UP, written());
    }

    @Test
    void linesAreCutToTheWidthLessTwo() {
        StatusLines lines = new StatusLines(out, true, () -> 10);
        lines.set(List.of("0123456789abc"));
        assertEquals(CLEAR + "01234567\r", written());
    }

    @Test
    void aMessageIsPrintedAboveTheStatusWhichIsRedrawnBelowIt() {
        StatusLines lines = new StatusLines(out, true, () -> 80);
        lines.set(List.of("status"));
        written();
        lines.message(out, "error: something");
        assertEquals(CLEAR + "error: something\n" + CLEAR + "status\r", written());
    }

    @Test
    void clearingErasesEveryDrawnLineAndReturnsUp() {
        StatusLines lines = new StatusLines(out, true, () -> 80);
        lines.set(List.of("s", "/a"));
        written();
        lines.clear();
        assertEquals(CLEAR + "\n" + CLEAR + "\n\r" + UP + UP, written());
        lines.clear();
        assertEquals("", written());
    }

    @Test
    void elsewhereEveryUpdateIsPrintedAsPlainLinesWithoutEscapes() {
        StatusLines lines = new StatusLines(out, false, () -> 0);
        lines.set(List.of("[0:01] status", "/file/a"));
        lines.message(out, "message");
        lines.clear();
        assertEquals("[0:01] status\n/file/a\nmessage\n", written());
    }
}

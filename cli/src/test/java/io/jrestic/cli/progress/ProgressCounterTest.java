package io.jrestic.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** restic 0.14's counters (cmd/restic/progress.go): only the final state when not redrawn, an empty line after it. */
class ProgressCounterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void withoutATerminalOnlyTheFinalStateIsPrintedFollowedByAnEmptyLine() {
        ProgressCounter c = ProgressCounter.on(out, false, 0, 2, "packs", 0);
        c.add(1);
        c.add(1);
        c.done();
        c.done();
        assertEquals("[0:00] 100.00%  2 / 2 packs\n\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalTheLineIsClearedAndEndsWithACarriageReturn() {
        ProgressCounter c = ProgressCounter.on(out, true, 80, 0, "snapshots", 0);
        c.add(3);
        c.done();
        assertEquals("\u001b[2K[0:00]          3 snapshots\r\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLineWiderThanTheTerminalIsCutWithAnEllipsis() {
        ProgressCounter c = ProgressCounter.on(out, true, 20, 10, "packs processed", 0);
        c.done();
        assertEquals("\u001b[2K[0:00] 0.00%  0 /...\r\n", bytes.toString(StandardCharsets.UTF_8));
    }
}

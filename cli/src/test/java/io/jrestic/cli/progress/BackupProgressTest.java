package io.jrestic.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.cli.CliRun;
import io.jrestic.cli.Printer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup's progress: restic's status lines and JSON status messages, and silence where restic is silent. */
class BackupProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private String written() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    @Test
    void jsonStatusMessagesHaveResticsKeysAndListTheFilesBeingRead() {
        Printer printer = new Printer(out, out, false, 0, true);
        BackupProgress p = BackupProgress.manual(printer, System.nanoTime(), null, null);
        p.fileStarted("/src/b");
        p.fileStarted("/src/a");
        p.bytesRead(100);
        p.fileDone("/src/c", 50);
        p.tick();
        assertEquals("{\"message_type\":\"status\",\"percent_done\":0,\"files_done\":1,\"bytes_done\":150,"
                + "\"current_files\":[\"/src/a\",\"/src/b\"]}\n", written());
    }

    @Test
    void aTickWithNothingNewShowsNothingWithinASecond() {
        Printer printer = new Printer(out, out, false, 0, true);
        BackupProgress p = BackupProgress.manual(printer, System.nanoTime(), null, null);
        p.tick();
        assertEquals("", written(), "nothing before the first event");
        p.bytesRead(1);
        p.tick();
        assertFalse(written().isEmpty());
        p.tick();
        assertEquals("", written());
    }

    @Test
    void theFinalJsonStatusSaysAllDone() {
        Printer printer = new Printer(out, out, false, 0, true);
        BackupProgress p = BackupProgress.manual(printer, System.nanoTime(), null, null);
        p.fileStarted("/src/a");
        p.error("/src/a");
        p.finalStatus();
        assertEquals("{\"message_type\":\"status\",\"percent_done\":1,\"error_count\":1}\n", written());
    }

    @Test
    void textStatusIsDrawnInPlaceWithTheFilesBeingRead() {
        Printer printer = new Printer(out, out, false, 0, false, true);
        StatusLines lines = new StatusLines(out, true, () -> 80);
        BackupProgress p = BackupProgress.manual(printer, System.nanoTime(), lines, null);
        p.fileStarted("/src/a");
        p.bytesRead(2048);
        p.tick();
        assertEquals("\r\u001b[2K[0:00] 0 files, 2.000 KiB, 0 errors\n\r\u001b[2K/src/a\r\u001b[1A", written());
        p.close();
        assertTrue(written().startsWith("\r\u001b[2K\n"));
    }

    @Test
    void aBackupToANonTerminalPrintsNoStatusLinesAndJsonPrintsStatusMessages() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 20; i++) Files.write(src.resolve("f" + i), new byte[10_000 + i]);
        CliRun cli = new CliRun().env("RESTIC_PASSWORD", "pw").env("RESTIC_REPOSITORY", tmp.resolve("repo").toString());
        assertEquals(0, cli.run("init").exitCode());

        CliRun.Result text = cli.run("backup", src.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertFalse(text.out().contains("\u001b"), text.out());
        assertTrue(Arrays.stream(text.out().split("\n")).noneMatch(l -> l.startsWith("[")), text.out());

        CliRun.Result json = cli.run("backup", "--json", "--force", src.toString());
        assertEquals(0, json.exitCode(), json.err());
        assertEquals("", json.err(), "restic 0.14 names the parent snapshot only in text mode");
        List<String> messages = Arrays.asList(json.out().split("\n"));
        assertTrue(messages.getLast().startsWith("{\"message_type\":\"summary\""), json.out());
        List<String> statuses = messages.stream().filter(l -> l.startsWith("{\"message_type\":\"status\"")).toList();
        assertFalse(statuses.isEmpty(), json.out());
        String last = statuses.getLast();
        for (String key : List.of("\"percent_done\":1", "\"files_done\":20", "\"bytes_done\":200190")) {
            assertTrue(last.contains(key), last);
        }

        CliRun.Result quiet = cli.run("backup", "--json", "--quiet", "--force", src.toString());
        assertEquals(1, quiet.out().split("\n").length, quiet.out());
    }
}

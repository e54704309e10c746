package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic reads the password from a standard input that is not a terminal, one line per password asked for:
 * {@code echo "$PW" | restic snapshots}. Scripts written for restic work unchanged with jrestic.
 */
class PasswordFromStdinTest {
    private static final String PASSWORD = "from-stdin";
    private static final String NOTICE = "reading repository password from stdin";

    @TempDir
    Path tmp;

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPipedPasswordOpensTheRepositoryAsInRestic() {
        Restic.assumeInstalled();
        Restic restic = new Restic(tmp.resolve("repo"), PASSWORD);
        restic.run("init").ok();
        restic.run("backup", tmp.resolve("repo").resolve("config").toString()).ok();
        Jrestic jrestic = new Jrestic(restic.repository(), PASSWORD);

        CommandResult theirs = restic.withPassword("").run(lines(PASSWORD), "snapshots", "--compact").ok();
        CommandResult ours = jrestic.runProcessWithoutPassword(lines(PASSWORD), "snapshots", "--compact").ok();
        assertEquals(NOTICE, theirs.outLines().getFirst());
        assertEquals(theirs.out(), ours.out());

        // Go's line scanner drops a carriage return before the newline; a last line needs no newline
        jrestic.runWithoutPassword((PASSWORD + "\r\n").getBytes(StandardCharsets.UTF_8), "cat", "config").ok();
        jrestic.runWithoutPassword(PASSWORD.getBytes(StandardCharsets.UTF_8), "cat", "config").ok();
        CommandResult wrong = jrestic.runWithoutPassword(lines("wrong"), "cat", "config");
        assertEquals(12, wrong.exitCode(), wrong::describe);
        CommandResult quiet = jrestic.runWithoutPassword(lines(PASSWORD), "-q", "snapshots", "--compact").ok();
        assertTrue(!quiet.out().contains(NOTICE), quiet::describe);
    }

    @Test
    void eachPasswordAskedForTakesTheNextLine() {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        // init asks once when it cannot prompt twice; key add asks for the current password, then the new one
        jrestic.runWithoutPassword(lines(PASSWORD), "init").ok();
        jrestic.runWithoutPassword(lines(PASSWORD, "second"), "key", "add").ok();
        assertEquals(2, jrestic.withPassword("second").run("key", "list", "--json").ok().out().split("\"id\"").length - 1);
    }

    @Test
    void dataOnStandardInputIsNeverTakenForAPassword() throws IOException {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        CommandResult r = jrestic.runWithoutPassword(lines(PASSWORD, "the data"), "backup", "--stdin");
        // restic 0.14 takes the stream's first line as the password and backs up what its line reader left over
        assertEquals(1, r.exitCode(), r::describe);
        assertEquals(List.of("Fatal: unable to read password from stdin when data is to be read from stdin, use --password-file or $RESTIC_PASSWORD"),
                r.errLines());
        assertEquals(List.of(), Json.array(jrestic.run("snapshots", "--json").ok().out()));
    }

    @Test
    void aMissingRepositoryIsReportedBeforeThePasswordIsRead() {
        CommandResult r = new Jrestic(tmp.resolve("nothing"), PASSWORD).runWithoutPassword(lines(PASSWORD), "snapshots");
        assertEquals(10, r.exitCode(), r::describe);
        assertTrue(!r.out().contains(NOTICE) && !r.err().contains(NOTICE), r::describe);
    }

    /** The password line is read alone: a command run by the backup reads the rest of standard input, all of it. */
    @Test
    void aCommandGetsEverythingAfterThePasswordLine() throws IOException {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        byte[] data = Fixtures.randomBytes(8, 200_000);
        byte[] stdin = new byte[PASSWORD.length() + 1 + data.length];
        System.arraycopy(lines(PASSWORD), 0, stdin, 0, PASSWORD.length() + 1);
        System.arraycopy(data, 0, stdin, PASSWORD.length() + 1, data.length);
        jrestic.runProcessWithoutPassword(stdin, "backup", "--stdin-from-command", "--stdin-filename", "data.bin", "--", "cat").ok();
        assertArrayEquals(data, jrestic.run("dump", "latest", "/data.bin").ok().stdout());
    }

    @Test
    void anEmptyLineIsNoPassword() {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        CommandResult r = jrestic.runWithoutPassword(lines(""), "init");
        assertEquals(1, r.exitCode(), r::describe);
        assertEquals("Fatal: an empty password is not a password", r.errLines().getLast());
    }
}

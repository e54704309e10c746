package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.JresticJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password prompt on a terminal (a pseudo-terminal from util-linux {@code script}, whose input is what the user
 * types): as in restic, a wrong password may be typed again, three times in all.
 */
class PasswordPromptTest {
    private static final String PASSWORD = "typed";
    private static final String TRY_AGAIN = "wrong password or no key found. Try again";

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void repository() {
        assumeTrue(ChildProcess.onPath("script"), "util-linux script (Debian bsdutils) is not installed");
        repo = tmp.resolve("repo");
        CliRun.Result init = new CliRun().env("RESTIC_PASSWORD", PASSWORD).run("-r", repo.toString(), "init");
        assertEquals(0, init.exitCode(), init.err());
    }

    /** {@code jrestic ARGS} on a pseudo-terminal whose keyboard types {@code typed}. */
    private ChildProcess.Output onTerminal(String typed, String... args) {
        String command = "exec " + JresticJvm.command(args).stream().map(w -> "'" + w.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        Map<String, String> env = new HashMap<>(Map.of("SHELL", "/bin/sh", "TERM", "xterm", "PATH", System.getenv("PATH")));
        ChildProcess.Output o = ChildProcess.run(List.of("script", "-q", "-e", "-c", command, "/dev/null"), env,
                typed.getBytes(StandardCharsets.UTF_8), null, ChildProcess.DEFAULT_LIMIT);
        assumeTrue(!o.out().contains("failed to create pseudo-terminal"), "no pseudo-terminal here");
        return o;
    }

    private static long count(String output, String line) {
        return output.lines().filter(l -> l.strip().equals(line)).count();
    }

    @Test
    void aWrongPasswordMayBeTypedAgainTwice() {
        ChildProcess.Output third = onTerminal("first\nsecond\n" + PASSWORD + "\n", "-r", repo.toString(), "cat", "config");
        assertEquals(0, third.exitCode(), third.out());
        assertEquals(2, count(third.out(), TRY_AGAIN), third.out());

        ChildProcess.Output never = onTerminal("one\ntwo\nthree\n", "-r", repo.toString(), "cat", "config");
        assertEquals(ExitCode.WRONG_PASSWORD, never.exitCode(), never.out());
        assertEquals(2, count(never.out(), TRY_AGAIN), never.out());
        assertEquals(1, count(never.out(), "Fatal: wrong password or no key found"), never.out());
    }

    /** restic prompts on stderr, so {@code restic dump … > file} asks for the password on the terminal. */
    @Test
    void withStandardOutputRedirectedThePromptIsOnStandardErrorAndTheOutputIsClean() throws Exception {
        Path out = tmp.resolve("config.json");
        String command = JresticJvm.command("-r", repo.toString(), "cat", "config").stream()
                .map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" ")) + " > '" + out + "'";
        Map<String, String> env = new HashMap<>(Map.of("SHELL", "/bin/sh", "TERM", "xterm", "PATH", System.getenv("PATH")));
        ChildProcess.Output o = ChildProcess.run(List.of("script", "-q", "-e", "-c", command, "/dev/null"), env,
                (PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), null, ChildProcess.DEFAULT_LIMIT);
        assertEquals(0, o.exitCode(), o.out());
        assertTrue(o.out().contains("enter password for repository: "), o.out());
        assertTrue(java.nio.file.Files.readString(out).contains("\"chunker_polynomial\""));
    }

    @Test
    void aMissingRepositoryIsReportedBeforeAnyPasswordIsAskedFor() {
        ChildProcess.Output o = onTerminal("", "-r", tmp.resolve("nothing").toString(), "snapshots");
        assertEquals(ExitCode.REPOSITORY_NOT_FOUND, o.exitCode(), o.out());
        assertEquals(0, o.out().lines().filter(l -> l.contains("enter password")).count(), o.out());
    }
}

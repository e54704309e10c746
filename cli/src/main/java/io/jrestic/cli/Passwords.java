package io.jrestic.cli;

import io.jrestic.fs.Terminal;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * restic's password sources, in its order: --password-command, --password-file (each also from the environment),
 * RESTIC_PASSWORD, then standard input: a prompt if it is a terminal, else its next line. File and command output
 * are trimmed; RESTIC_PASSWORD is not. An empty password from the first three counts as none, and an empty password
 * in the end is refused, as restic refuses it ("an empty password is not a password"): a script whose variable is
 * unset by accident must not create or open a repository with an empty password.
 */
final class Passwords {
    /** restic's message for an empty password, whatever its source. */
    static final String EMPTY = "an empty password is not a password";

    private Passwords() {
    }

    /** The repository's password: the preset one ({@link GlobalOptions#presetPassword}), else from standard input. */
    static byte[] read(GlobalOptions g, String prompt, boolean confirm) {
        byte[] preset = g.presetPassword();
        return preset != null ? preset : fromStandardInput(g, prompt, confirm);
    }

    /**
     * What restic resolves before it runs a command: --password-command, --password-file or RESTIC_PASSWORD; null if
     * none gives a password (an empty one counts as none).
     */
    static byte[] preset(GlobalOptions g) {
        Environment env = g.env();
        String command = g.passwordCommand != null ? g.passwordCommand : env.get("RESTIC_PASSWORD_COMMAND");
        String file = g.passwordFile != null ? g.passwordFile : env.get("RESTIC_PASSWORD_FILE");
        return preset(env, command, file, "RESTIC_PASSWORD");
    }

    /** The same order for any repository: command, file, the password variable, then standard input. */
    static byte[] read(GlobalOptions g, String command, String file, String passwordVariable, String prompt, boolean confirm) {
        byte[] preset = preset(g.env(), command, file, passwordVariable);
        return preset != null ? preset : fromStandardInput(g, prompt, confirm);
    }

    private static byte[] preset(Environment env, String command, String file, String passwordVariable) {
        if (command != null && file != null) {
            throw new CliException("Password file and command are mutually exclusive");
        }
        byte[] pw = null;
        if (command != null) pw = fromCommand(command);
        else if (file != null) pw = fromFile(file);
        else if (env.has(passwordVariable)) pw = env.getRaw(passwordVariable).getBytes(StandardCharsets.UTF_8);
        return pw != null && pw.length > 0 ? pw : null;
    }

    /** Reads a password for a new key: from the same sources, or the given file. */
    static byte[] readNew(GlobalOptions g, String newPasswordFile) {
        if (newPasswordFile != null) return fromFile(newPasswordFile);
        return fromStandardInput(g, "enter new password: ", true);
    }

    private static byte[] fromFile(String file) {
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            if (s.startsWith("\uFEFF")) s = s.substring(1);
            return s.strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("unable to read password file " + file + ": " + GlobalOptions.describe(e));
        }
    }

    private static byte[] fromCommand(String command) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            int rc = p.waitFor();
            if (rc != 0) throw new CliException("password command \"" + command + "\" failed with exit code " + rc);
            return new String(out, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("unable to run password command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", ExitCode.INTERRUPTED);
        }
    }

    /**
     * The prompt when standard input is a terminal but standard output is not ({@code jrestic dump … > file}), where
     * the JDK's console is not available: restic's prompt on standard error, with the terminal's echo turned off
     * while the line is typed.
     */
    private static byte[] promptOnStandardError(GlobalOptions g, String prompt, boolean confirm) {
        byte[] pw = readSilently(g, prompt);
        if (pw.length == 0) throw new CliException(EMPTY); // before asking again, as restic
        if (confirm && !Arrays.equals(pw, readSilently(g, "enter password again: "))) {
            throw new CliException("passwords do not match");
        }
        return pw;
    }

    private static byte[] readSilently(GlobalOptions g, String prompt) {
        PrintStream err = g.printer() != null ? g.printer().err() : System.err;
        err.print(prompt);
        err.flush();
        try (Terminal.EchoOff silent = Terminal.echoOff(0)) {
            return line(g.stdin());
        } catch (IOException e) {
            throw new CliException("unable to read password: " + e.getMessage());
        } finally {
            err.println();
        }
    }

    /** The next line of standard input, as a password. */
    private static byte[] line(StandardInput stdin) {
        try {
            return stdin.readLine();
        } catch (IOException e) {
            throw new CliException("unable to read password: " + e.getMessage());
        }
    }

    /**
     * A prompt on the terminal (asked twice with {@code confirm}), or, as restic, the next line of a standard input
     * that is not a terminal; never when the command reads its data from standard input.
     */
    private static byte[] fromStandardInput(GlobalOptions g, String prompt, boolean confirm) {
        StandardInput stdin = g.stdin();
        if (!stdin.terminal()) {
            if (stdin.holdsData()) {
                throw new CliException(StandardInput.NO_PASSWORD_FROM_DATA);
            }
            byte[] pw = line(stdin);
            if (g.printer() != null) g.printer().info("reading repository password from stdin");
            if (pw.length == 0) throw new CliException(EMPTY);
            return pw;
        }
        Console console = System.console();
        if (console == null || !console.isTerminal()) return promptOnStandardError(g, prompt, confirm);
        char[] pw = console.readPassword("%s", prompt);
        if (pw == null) throw new CliException("no password given");
        if (pw.length == 0) throw new CliException(EMPTY);
        if (confirm) {
            char[] again = console.readPassword("enter password again: ");
            if (again == null || !Arrays.equals(pw, again)) throw new CliException("passwords do not match");
        }
        return new String(pw).getBytes(StandardCharsets.UTF_8);
    }
}

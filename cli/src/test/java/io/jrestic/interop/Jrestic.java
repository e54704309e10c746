package io.jrestic.interop;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import io.jrestic.cli.StandardInput;
import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.JresticJvm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * jrestic against one repository: in-process through {@link Main#run} (fast), or as a child JVM on the test
 * class path where a real process matters (stdin, signals).
 */
final class Jrestic {
    private final Path repository;
    private final String password;
    private final String keyHint;

    Jrestic(Path repository, String password) {
        this(repository, password, null);
    }

    private Jrestic(Path repository, String password, String keyHint) {
        this.repository = repository;
        this.password = password;
        this.keyHint = keyHint;
    }

    /** The same repository, trying key {@code hint} first (see {@link FastKey}). */
    Jrestic withKeyHint(String hint) {
        return new Jrestic(repository, password, hint);
    }

    Path repository() {
        return repository;
    }

    Jrestic withPassword(String other) {
        return new Jrestic(repository, other, keyHint);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("RESTIC_REPOSITORY", repository.toString());
        env.put("RESTIC_PASSWORD", password);
        env.put("TZ", "UTC");
        if (keyHint != null) env.put("RESTIC_KEY_HINT", keyHint);
        // A cache of its own beside the repository (in the test's temporary directory), not the user's ~/.cache/restic.
        env.put("RESTIC_CACHE_DIR", repository.resolveSibling(repository.getFileName() + ".cache").toString());
        String path = System.getenv("PATH");
        if (path != null) env.put("PATH", path);
        return env;
    }

    /** Runs one command in this JVM, with an empty standard input. */
    CommandResult run(String... args) {
        return runWithInput(StandardInput.empty(), environment(), args);
    }

    /** Runs one command in this JVM reading {@code stdin} (not a terminal). */
    CommandResult runWithStdin(byte[] stdin, String... args) {
        return runWithInput(new StandardInput(new ByteArrayInputStream(stdin), false), environment(), args);
    }

    /** Runs one command in this JVM reading {@code stdin} (not a terminal), without RESTIC_PASSWORD. */
    CommandResult runWithoutPassword(byte[] stdin, String... args) {
        Map<String, String> env = environment();
        env.remove("RESTIC_PASSWORD");
        return runWithInput(new StandardInput(new ByteArrayInputStream(stdin), false), env, args);
    }

    private static CommandResult runWithInput(StandardInput stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true); PrintStream e = new PrintStream(err, true)) {
            code = Main.run(args, stdin, o, e, new Environment(env));
        }
        return new CommandResult("jrestic " + String.join(" ", args), code, out.toByteArray(), err.toByteArray());
    }

    /** A child JVM running {@code jrestic ARGS}; the caller feeds and waits for it. */
    ProcessBuilder processBuilder(String... args) {
        ProcessBuilder pb = new ProcessBuilder(JresticJvm.command(args));
        pb.environment().clear();
        pb.environment().putAll(environment());
        return pb;
    }

    /** Runs {@code jrestic ARGS} as a child process with {@code stdin} as its input and no RESTIC_PASSWORD. */
    CommandResult runProcessWithoutPassword(byte[] stdin, String... args) {
        Map<String, String> env = environment();
        env.remove("RESTIC_PASSWORD");
        ChildProcess.Output o = ChildProcess.run(processBuilder(args).command(), env, stdin, null, ChildProcess.DEFAULT_LIMIT);
        return new CommandResult("jrestic(process) " + String.join(" ", args), o.exitCode(), o.stdout(), o.stderr());
    }

    /** Runs {@code jrestic ARGS} as a child process with {@code stdin} as its input. */
    CommandResult runProcess(byte[] stdin, String... args) {
        return runProcessIn(null, stdin, args);
    }

    /** Runs {@code jrestic ARGS} as a child process in working directory {@code cwd}. */
    CommandResult runProcessIn(Path cwd, byte[] stdin, String... args) {
        ChildProcess.Output o = ChildProcess.run(processBuilder(args).command(), environment(), stdin == null ? new byte[0] : stdin,
                cwd, ChildProcess.DEFAULT_LIMIT);
        return new CommandResult("jrestic(process) " + String.join(" ", args), o.exitCode(), o.stdout(), o.stderr());
    }
}

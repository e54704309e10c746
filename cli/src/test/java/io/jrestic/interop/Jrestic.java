package io.jrestic.interop;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /** Runs one command in this JVM. */
    CommandResult run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true); PrintStream e = new PrintStream(err, true)) {
            code = Main.run(args, o, e, new Environment(environment()));
        }
        return new CommandResult("jrestic " + String.join(" ", args), code, out.toByteArray(), err.toByteArray());
    }

    /** A child JVM running {@code jrestic ARGS}; the caller feeds and waits for it. */
    ProcessBuilder processBuilder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/com.sun.crypto.provider=ALL-UNNAMED");
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment());
        return pb;
    }

    /** Runs {@code jrestic ARGS} as a child process with {@code stdin} as its input. */
    CommandResult runProcess(byte[] stdin, String... args) {
        return runProcessIn(null, stdin, args);
    }

    /** Runs {@code jrestic ARGS} as a child process in working directory {@code cwd}. */
    CommandResult runProcessIn(Path cwd, byte[] stdin, String... args) {
        ProcessBuilder pb = processBuilder(args);
        if (cwd != null) pb.directory(cwd.toFile());
        try {
            Process p = pb.start();
            var out = Restic.drain(p.getInputStream());
            var err = Restic.drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            }
            int code = p.waitFor();
            return new CommandResult("jrestic(process) " + String.join(" ", args), code, out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

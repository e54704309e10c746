package io.jrestic.interop;

import io.jrestic.testkit.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;

/** Stock restic as a child process: password and TZ=UTC in its environment, never a cache. */
final class Restic {
    private static final String EXECUTABLE = "restic";

    private final Path repository;
    private final String password;
    private final String keyHint;

    Restic(Path repository, String password) {
        this(repository, password, null);
    }

    private Restic(Path repository, String password, String keyHint) {
        this.repository = repository;
        this.password = password;
        this.keyHint = keyHint;
    }

    /** The same repository, trying key {@code hint} first (see {@link FastKey}). */
    Restic withKeyHint(String hint) {
        return new Restic(repository, password, hint);
    }

    Path repository() {
        return repository;
    }

    Restic withPassword(String other) {
        return new Restic(repository, other, keyHint);
    }

    /** Skips the calling test unless {@code restic} is on the PATH. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "stock restic is not installed");
    }

    static boolean installed() {
        return ChildProcess.onPath(EXECUTABLE);
    }

    /** Runs {@code restic -r REPO --no-cache ARGS}. */
    CommandResult run(String... args) {
        return run(null, args);
    }

    CommandResult run(byte[] stdin, String... args) {
        return run(null, stdin, args);
    }

    /** Runs {@code restic ARGS} in working directory {@code cwd} (for relative backup targets). */
    CommandResult runIn(Path cwd, String... args) {
        return run(cwd, null, args);
    }

    private CommandResult run(Path cwd, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE, "-r", repository.toString(), "--no-cache"));
        command.addAll(List.of(args));
        return execute(command, environment(), stdin, cwd);
    }

    /** {@code restic ls latest} without its first line, which names the snapshot: what it holds, to compare. */
    List<String> listingOfLatest() {
        List<String> lines = run("ls", "latest").ok().outLines();
        return lines.subList(1, lines.size());
    }

    /** What a command wrote to stdout, as SHA-256 and size, without holding it in memory. */
    record Digest(int exitCode, String sha256, long size, String stderr) {
    }

    /** Runs {@code restic ARGS} and digests its stdout (for {@code dump} of large files). */
    Digest digest(String... args) {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE, "-r", repository.toString(), "--no-cache"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("TZ", "UTC");
        pb.environment().putAll(environment());
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<byte[]> err = ChildProcess.drain(p.getErrorStream());
            java.security.MessageDigest md = TreeComparison.sha256();
            long size = 0;
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; size += n) md.update(buf, 0, n);
            }
            int code = p.waitFor();
            return new Digest(code, java.util.HexFormat.of().formatHex(md.digest()), size, new String(err.join(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("RESTIC_PASSWORD", password);
        if (keyHint != null) env.put("RESTIC_KEY_HINT", keyHint);
        return env;
    }

    static CommandResult execute(List<String> command, Map<String, String> env, byte[] stdin) {
        return execute(command, env, stdin, null);
    }

    static CommandResult execute(List<String> command, Map<String, String> env, byte[] stdin, Path cwd) {
        Map<String, String> withTz = new java.util.HashMap<>(env);
        withTz.putIfAbsent("TZ", "UTC");
        ChildProcess.Output o = ChildProcess.run(command, withTz, stdin, cwd, ChildProcess.DEFAULT_LIMIT);
        return new CommandResult(String.join(" ", command), o.exitCode(), o.stdout(), o.stderr());
    }
}

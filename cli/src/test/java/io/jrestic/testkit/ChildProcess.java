package io.jrestic.testkit;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program run to completion as a child process: its input fed, stdout and stderr drained at the same time (so a
 * chatty child never blocks on a full pipe), and a time limit after which it is killed and the test fails. The
 * child inherits this JVM's environment without any {@code RESTIC_*} variable, then gets the ones given.
 */
public final class ChildProcess {
    /** The time limit of {@link #run(List, Map)}. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(5);

    private ChildProcess() {
    }

    /** What the child left behind. */
    public record Output(int exitCode, byte[] stdout, byte[] stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code command} with no input (stdin is /dev/null). */
    public static Output run(List<String> command, Map<String, String> env) {
        return run(command, env, null, null, DEFAULT_LIMIT);
    }

    /**
     * Runs {@code command}; {@code stdin} null means /dev/null, {@code cwd} null this JVM's working directory.
     * I/O errors are rethrown unchecked, a child still running after {@code limit} fails the test, and an interrupt
     * kills the child.
     */
    public static Output run(List<String> command, Map<String, String> env, byte[] stdin, Path cwd, Duration limit) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("RESTIC_"));
        pb.environment().putAll(env);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = null;
        try {
            p = pb.start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the child exited without reading all of its input: its exit code and output tell why
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
            }
            return new Output(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            p.destroyForcibly(); // the test was stopped: the child must not outlive it
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Reads {@code in} to its end on a virtual thread. */
    public static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }

    /** True if an executable called {@code name} is on the PATH. */
    public static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, name).canExecute()) return true;
        }
        return false;
    }
}

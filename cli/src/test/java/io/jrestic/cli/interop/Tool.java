package io.jrestic.cli.interop;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the two programs under comparison: jrestic (in this JVM) or stock restic (a process), run with the same
 * arguments and environment variables, restic with this JVM's time zone and without a cache.
 */
public enum Tool {
    RESTIC, JRESTIC;

    /** What a command printed and returned. */
    public record Result(int code, String out, String err) {
        public Result ok() {
            if (code != 0) throw new AssertionError("exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    public static boolean resticInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "restic").canExecute()) return true;
        }
        return false;
    }

    public Result run(Map<String, String> env, String... args) {
        return this == JRESTIC ? jrestic(env, args) : restic(env, args);
    }

    private static Result jrestic(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Environment(Map.copyOf(env)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result restic(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("restic", "--no-cache"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = new HashMap<>(env);
        e.put("TZ", ZoneId.systemDefault().getId());
        pb.environment().putAll(e);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            byte[][] err = new byte[1][];
            Thread drain = Thread.ofPlatform().start(() -> {
                try {
                    err[0] = p.getErrorStream().readAllBytes();
                } catch (IOException x) {
                    err[0] = x.toString().getBytes(StandardCharsets.UTF_8);
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            drain.join();
            return new Result(code, new String(out, StandardCharsets.UTF_8), new String(err[0], StandardCharsets.UTF_8));
        } catch (IOException e1) {
            throw new UncheckedIOException(e1);
        } catch (InterruptedException e1) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Runs against one repository: {@code -r repo} with its password. */
    public Result on(Path repo, String password, String... args) {
        List<String> all = new ArrayList<>(List.of("-r", repo.toString()));
        all.addAll(List.of(args));
        return run(Map.of("RESTIC_PASSWORD", password), all.toArray(String[]::new));
    }
}

package io.jrestic.cli.interop;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import io.jrestic.testkit.ChildProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
        Map<String, String> e = new HashMap<>(env);
        e.put("TZ", ZoneId.systemDefault().getId());
        ChildProcess.Output o = ChildProcess.run(command, e);
        return new Result(o.exitCode(), o.out(), o.err());
    }

    /** Runs against one repository: {@code -r repo} with its password. */
    public Result on(Path repo, String password, String... args) {
        List<String> all = new ArrayList<>(List.of("-r", repo.toString()));
        all.addAll(List.of(args));
        return run(Map.of("RESTIC_PASSWORD", password), all.toArray(String[]::new));
    }
}

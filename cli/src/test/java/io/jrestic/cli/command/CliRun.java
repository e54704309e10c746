package io.jrestic.cli.command;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.StockRestic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helper: runs jrestic in-process and stock restic as a process against the same repository. */
final class CliRun {
    static final String PASSWORD = "test password";

    /** What a command printed and returned. */
    record Result(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private CliRun() {
    }

    static Result jrestic(Path repo, String... args) {
        List<String> all = new ArrayList<>(List.of("-r", repo.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true), new PrintStream(err, true),
                new Environment(Map.of("RESTIC_PASSWORD", PASSWORD)));
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }


    /** Runs stock restic with the same password and this JVM's time zone (restic prints local times). */
    static Result restic(Path repo, String... args) {
        List<String> all = new ArrayList<>(List.of(StockRestic.EXECUTABLE, "-r", repo.toString(), "--no-cache"));
        all.addAll(List.of(args));
        ChildProcess.Output o = ChildProcess.run(all, Map.of("RESTIC_PASSWORD", PASSWORD, "TZ", ZoneId.systemDefault().getId()),
                new byte[0], null, ChildProcess.DEFAULT_LIMIT);
        return new Result(o.exitCode(), o.stdout(), o.err());
    }

    /** A repository made by jrestic with one snapshot of {@code dir}. */
    static Path repositoryWithBackupOf(Path tmp, Path dir) {
        Path repo = tmp.resolve("repo");
        Result init = jrestic(repo, "init");
        if (init.code() != 0) throw new AssertionError("init: " + init.err());
        Result backup = jrestic(repo, "backup", dir.toString());
        if (backup.code() != 0) throw new AssertionError("backup: " + backup.err());
        return repo;
    }
}

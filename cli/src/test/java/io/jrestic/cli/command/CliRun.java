package io.jrestic.cli.command;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
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

    static boolean resticAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "restic").canExecute()) return true;
        }
        return false;
    }

    /** Runs stock restic with the same password and this JVM's time zone (restic prints local times). */
    static Result restic(Path repo, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("restic", "-r", repo.toString(), "--no-cache"));
        all.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(all);
        pb.environment().put("RESTIC_PASSWORD", PASSWORD);
        pb.environment().put("TZ", ZoneId.systemDefault().getId());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[][] err = new byte[1][];
        Thread drain = Thread.ofPlatform().start(() -> {
            try {
                err[0] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                err[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        drain.join();
        return new Result(code, out, new String(err[0], StandardCharsets.UTF_8));
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

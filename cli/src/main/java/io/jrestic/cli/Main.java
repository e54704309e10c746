package io.jrestic.cli;

import io.jrestic.cli.command.BackupCommand;
import io.jrestic.cli.command.CatCommand;
import io.jrestic.cli.command.CheckCommand;
import io.jrestic.cli.command.CopyCommand;
import io.jrestic.cli.command.DiffCommand;
import io.jrestic.cli.command.DumpCommand;
import io.jrestic.cli.command.FindCommand;
import io.jrestic.cli.command.ForgetCommand;
import io.jrestic.cli.command.InitCommand;
import io.jrestic.cli.command.KeyCommand;
import io.jrestic.cli.command.ListCommand;
import io.jrestic.cli.command.LsCommand;
import io.jrestic.cli.command.MigrateCommand;
import io.jrestic.cli.command.PruneCommand;
import io.jrestic.cli.command.RepairCommand;
import io.jrestic.cli.command.RestoreCommand;
import io.jrestic.cli.command.RewriteCommand;
import io.jrestic.cli.command.SnapshotsCommand;
import io.jrestic.cli.command.StatsCommand;
import io.jrestic.cli.command.TagCommand;
import io.jrestic.cli.command.UnlockCommand;
import io.jrestic.cli.command.VersionCommand;
import io.jrestic.cli.progress.StatusLines;
import io.jrestic.lock.LockFailedException;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.repository.RepositoryNotFoundException;
import io.jrestic.repository.WrongPasswordException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The jrestic command line: restic's commands, flags, environment variables and exit codes. */
@Command(name = "jrestic",
        description = "jrestic is a backup program compatible with restic repositories.",
        subcommands = {InitCommand.class, BackupCommand.class, SnapshotsCommand.class, RestoreCommand.class,
                LsCommand.class, DumpCommand.class, CatCommand.class, ListCommand.class, CheckCommand.class, ForgetCommand.class, PruneCommand.class,
                KeyCommand.class, UnlockCommand.class, TagCommand.class, CopyCommand.class, StatsCommand.class,
                DiffCommand.class, FindCommand.class, RepairCommand.class, RepairCommand.RebuildIndex.class,
                MigrateCommand.class, RewriteCommand.class, VersionCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public GlobalOptions global() {
        return global;
    }

    @Override
    public void run() {
        spec.commandLine().usage(global.printer().err());
    }

    public static void main(String[] args) {
        ignoreSighup();
        exitCleanlyOnSignals();
        int code = run(args, System.out, System.err, Environment.system());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command in-process; tests use this with their own streams and environment. */
    public static int run(String[] args, PrintStream out, PrintStream err, Environment env) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionStrategy(parseResult -> {
            GlobalOptions g = main.global;
            g.env = env;
            g.printer = new Printer(out, err, g.quiet, g.verbose.length, g.json,
                    out == System.out && StatusLines.canUpdateInPlace(env.getRaw("TERM")));
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("Fatal: " + ex.getMessage());
            return ExitCode.FAILURE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err));
        return cl.execute(args);
    }

    /** Turns an exception into restic's one-line error and exit code; stack traces only with JRESTIC_DEBUG. */
    static int report(Throwable ex, PrintStream err) {
        Throwable e = ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex;
        int code = switch (e) {
            case CliException c -> c.exitCode();
            case WrongPasswordException w -> ExitCode.WRONG_PASSWORD;
            case RepositoryNotFoundException n -> ExitCode.REPOSITORY_NOT_FOUND;
            case LockFailedException l -> ExitCode.LOCK_FAILED;
            case InterruptedIOException i -> ExitCode.INTERRUPTED;
            default -> ExitCode.FAILURE;
        };
        err.println(e instanceof CliException c ? c.line() : "Fatal: " + message(e));
        if (System.getenv("JRESTIC_DEBUG") != null || !(e instanceof IOException || e instanceof CliException)) {
            if (System.getenv("JRESTIC_DEBUG") != null) e.printStackTrace(err);
            else err.println("(internal error: " + e.getClass().getName() + "; set JRESTIC_DEBUG=1 for details)");
        }
        return code;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException n) return (n.getReason() != null ? n.getReason() : "no such file or directory: " + m);
        if (e instanceof AccessDeniedException) return "permission denied: " + m;
        if (e instanceof RepositoryCorruptException) return m;
        return m == null ? e.toString() : m;
    }

    /**
     * SIGINT and SIGTERM end the process with exit code 130 after the shutdown hooks have run, which remove the
     * lock files of every {@link io.jrestic.lock.RepositoryLock} still held, as latest restic does for both
     * signals (0.14 handled only SIGINT). Data already saved stays valid: packs without an index are merely
     * unreferenced (restic-format §15), and no snapshot is written before its index.
     */
    @SuppressWarnings("restriction")
    private static void exitCleanlyOnSignals() {
        for (String[] signal : new String[][] {{"INT", "interrupt"}, {"TERM", "terminated"}}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal[0]), s -> {
                    System.err.println("signal " + signal[1] + " received, cleaning up");
                    System.exit(ExitCode.INTERRUPTED);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is unknown here, or the JVM reserves it (-Xrs): keep the JVM's default
            }
        }
    }

    @SuppressWarnings("restriction")
    private static void ignoreSighup() {
        // `restic unlock` on this host sends SIGHUP to a lock's PID to see whether it lives; that must not kill us.
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP on this platform
        }
    }
}

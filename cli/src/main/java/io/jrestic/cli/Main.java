package io.jrestic.cli;

import io.jrestic.cli.command.BackupCommand;
import io.jrestic.cli.command.CacheCommand;
import io.jrestic.cli.command.CatCommand;
import io.jrestic.cli.command.CheckCommand;
import io.jrestic.cli.command.CopyCommand;
import io.jrestic.cli.command.DiffCommand;
import io.jrestic.cli.command.DumpCommand;
import io.jrestic.cli.command.FindCommand;
import io.jrestic.cli.command.GenerateCommand;
import io.jrestic.cli.command.HelpCommand;
import io.jrestic.cli.command.ForgetCommand;
import io.jrestic.cli.command.InitCommand;
import io.jrestic.cli.command.KeyCommand;
import io.jrestic.cli.command.ListCommand;
import io.jrestic.cli.command.LsCommand;
import io.jrestic.cli.command.MigrateCommand;
import io.jrestic.cli.command.PruneCommand;
import io.jrestic.cli.command.RecoverCommand;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The jrestic command line: restic's commands, flags, environment variables and exit codes. */
@Command(name = "jrestic",
        description = "jrestic is a backup program compatible with restic repositories.",
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    /**
     * The commands by name, in the order help lists them. They are added to picocli by {@link #commandLine}, not
     * declared in {@code @Command(subcommands)}: picocli builds a command's model by reflection over all its
     * options and their types, which for every command took about a quarter of a second of each start.
     */
    private static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("init", InitCommand.class);
        m.put("backup", BackupCommand.class);
        m.put("snapshots", SnapshotsCommand.class);
        m.put("restore", RestoreCommand.class);
        m.put("ls", LsCommand.class);
        m.put("dump", DumpCommand.class);
        m.put("cache", CacheCommand.class);
        m.put("cat", CatCommand.class);
        m.put("list", ListCommand.class);
        m.put("check", CheckCommand.class);
        m.put("forget", ForgetCommand.class);
        m.put("prune", PruneCommand.class);
        m.put("key", KeyCommand.class);
        m.put("unlock", UnlockCommand.class);
        m.put("tag", TagCommand.class);
        m.put("copy", CopyCommand.class);
        m.put("stats", StatsCommand.class);
        m.put("diff", DiffCommand.class);
        m.put("find", FindCommand.class);
        m.put("repair", RepairCommand.class);
        m.put("rebuild-index", RepairCommand.RebuildIndex.class);
        m.put("recover", RecoverCommand.class);
        m.put("migrate", MigrateCommand.class);
        m.put("rewrite", RewriteCommand.class);
        m.put("version", VersionCommand.class);
        m.put("generate", GenerateCommand.class);
        m.put("help", HelpCommand.class);
        return m;
    }

    /** Global options that take a value in the next argument unless written as --name=value. */
    static final Set<String> GLOBAL_OPTIONS_WITH_VALUE = Set.of("-r", "--repo", "--repository-file", "-p",
            "--password-file", "--password-command", "--key-hint", "--cache-dir", "-o", "--option", "--compression",
            "--pack-size", "--limit-upload", "--limit-download", "--cacert", "--tls-client-cert");
    /** The short global options that take a value, as they may end a cluster such as {@code -qr}. */
    private static final String SHORT_OPTIONS_WITH_VALUE = "rpo";

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
        // Unbuffered: a password line read from it leaves the rest to --stdin-from-command's child, which inherits it
        StandardInput stdin = new StandardInput(new java.io.FileInputStream(java.io.FileDescriptor.in),
                io.jrestic.fs.Terminal.isTerminal(0));
        int code = run(args, stdin, System.out, System.err, Environment.system());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command in-process with an empty standard input; tests use this with their own streams and environment. */
    public static int run(String[] args, PrintStream out, PrintStream err, Environment env) {
        return run(args, StandardInput.empty(), out, err, env);
    }

    /** Runs one command in-process reading {@code stdin} where restic reads standard input (passwords, --stdin). */
    public static int run(String[] args, StandardInput stdin, PrintStream out, PrintStream err, Environment env) {
        args = expandVerboseLevels(args);
        Main main = new Main();
        CommandLine cl = commandLine(main, args);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionStrategy(parseResult -> {
            GlobalOptions g = main.global;
            g.env = env;
            g.stdin = stdin;
            g.printer = new Printer(out, err, g.quiet, g.verbose.length, g.json,
                    out == System.out && StatusLines.canUpdateInPlace(env.getRaw("TERM")));
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            String word = commandWord(a);
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && word != null
                    && !COMMANDS.containsKey(word) && unmatched.getUnmatched().getFirst().equals(word)) {
                return unknownCommand(word, err);
            }
            err.println("Fatal: " + ex.getMessage());
            return ExitCode.FAILURE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) { // picocli hands only exceptions to the handler above
            return report(e, err);
        }
    }

    /**
     * restic's {@code -v} is a counter whose level may also be given as {@code --verbose=n}; picocli's counting
     * options take no value, so {@code --verbose=n} (before a {@code --}) becomes n times {@code -v}, at most
     * {@link #MAX_VERBOSITY} (restic: "max level/times is 2"; higher levels act as 2).
     */
    static String[] expandVerboseLevels(String[] args) {
        List<String> out = new ArrayList<>(args.length);
        boolean options = true;
        for (String a : args) {
            if (a.equals("--")) options = false;
            String level = options && a.startsWith(VERBOSE_LEVEL) ? a.substring(VERBOSE_LEVEL.length()) : "";
            if (!level.isEmpty() && level.chars().allMatch(c -> c >= '0' && c <= '9')) {
                int n = level.length() > 2 ? MAX_VERBOSITY : Math.min(MAX_VERBOSITY, Integer.parseInt(level));
                for (int i = 0; i < n; i++) out.add("-v");
            } else {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }

    private static final String VERBOSE_LEVEL = "--verbose=";
    private static final int MAX_VERBOSITY = 2;

    /**
     * The command line for {@code args}: with only the command they name when they name one, which is all picocli
     * needs to parse them and to print that command's help; with every command otherwise, for the overall help and
     * for picocli's messages about an unknown command.
     */
    static CommandLine commandLine(Main main, String[] args) {
        CommandLine cl = new CommandLine(main);
        String name = commandName(args);
        if (name != null && !name.equals(HELP)) { // `help COMMAND` needs the command it describes
            cl.addSubcommand(name, COMMANDS.get(name));
        } else {
            COMMANDS.forEach(cl::addSubcommand);
        }
        return cl;
    }

    private static final String HELP = "help";

    /** The command {@code args} name, skipping the global options before it and their values; null if none. */
    static String commandName(String[] args) {
        String word = commandWord(args);
        return word != null && COMMANDS.containsKey(word) ? word : null;
    }

    /** The first argument that is neither a global option nor its value: the command, known or not; null if none. */
    static String commandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (a.startsWith("--")) {
                if (a.indexOf('=') < 0 && GLOBAL_OPTIONS_WITH_VALUE.contains(a)) i++;
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int c = 1; c < a.length(); c++) {
                    if (SHORT_OPTIONS_WITH_VALUE.indexOf(a.charAt(c)) >= 0) {
                        if (c == a.length() - 1) i++; // the value is the next argument; otherwise the rest of this one
                        break;
                    }
                }
            } else {
                return a;
            }
        }
        return null;
    }

    /** A command line with every command, for what describes them all (shell completion). */
    public static CommandLine withEveryCommand() {
        return commandLine(new Main(), new String[0]);
    }

    /** restic's commands this build leaves out, with what to use instead. */
    private static final Map<String, String> LEFT_OUT = Map.of(
            "mount", "jrestic has no mount command (restic's FUSE view of the snapshots): browse them with ls, find"
                    + " and dump, or restore them",
            "self-update", "jrestic has no self-update command: update it the way it was installed");

    /**
     * An unknown command in cobra's words, with its suggestions (names at most two edits away, or starting with
     * what was typed), as restic prints it; or what to use instead of a restic command jrestic leaves out.
     */
    static int unknownCommand(String word, PrintStream err) {
        if (LEFT_OUT.containsKey(word)) {
            err.println("Fatal: " + LEFT_OUT.get(word));
            return ExitCode.FAILURE;
        }
        StringBuilder message = new StringBuilder("unknown command \"" + word + "\" for \"jrestic\"");
        List<String> suggestions = COMMANDS.keySet().stream().filter(name -> !name.equals(HELP)
                && (editDistance(word.toLowerCase(Locale.ROOT), name) <= 2 || name.startsWith(word.toLowerCase(Locale.ROOT))))
                .toList();
        if (!suggestions.isEmpty()) {
            message.append("\n\nDid you mean this?\n");
            for (String name : suggestions) message.append('\t').append(name).append('\n');
        }
        err.println(message);
        return ExitCode.FAILURE;
    }

    /** Levenshtein distance, as cobra measures how close a typed command is to a real one. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
        if (System.getenv("JRESTIC_DEBUG") != null
                || !(e instanceof IOException || e instanceof CliException || e instanceof OutOfMemoryError)) {
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
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + m + "); JRESTIC_JAVA_OPTS=-Xmx<size> sets the JVM's heap limit";
        }
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

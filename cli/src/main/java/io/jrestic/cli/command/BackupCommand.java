package io.jrestic.cli.command;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.EmptySnapshotException;
import io.jrestic.archiver.BackupOptions;
import io.jrestic.archiver.Scanner;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.StandardInput;
import io.jrestic.cli.output.BackupOutput;
import io.jrestic.cli.output.Sizes;
import io.jrestic.filter.PathFilter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.SnapshotFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup}: files and directories, or a stream from stdin or a command. */
@Command(name = "backup", description = "Create a new backup of files and/or directories")
public final class BackupCommand extends RepositoryCommand {
    @Parameters(paramLabel = "FILE/DIR", arity = "0..*")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-e", "--exclude"}, paramLabel = "pattern", description = "exclude a pattern (can be specified multiple times)")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--iexclude", paramLabel = "pattern", description = "same as --exclude pattern but ignores the casing of filenames")
    List<String> iexclude = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "file", description = "read exclude patterns from a file (can be specified multiple times)")
    List<String> excludeFile = new ArrayList<>();

    @Option(names = "--iexclude-file", paramLabel = "file", description = "same as --exclude-file but ignores casing of filenames in patterns")
    List<String> iexcludeFile = new ArrayList<>();

    @Option(names = "--files-from", paramLabel = "file", description = "read the files to backup from file (can be combined with file args; can be specified multiple times)")
    List<String> filesFrom = new ArrayList<>();

    @Option(names = "--files-from-verbatim", paramLabel = "file", description = "read the files to backup from file (can be combined with file args; can be specified multiple times)")
    List<String> filesFromVerbatim = new ArrayList<>();

    @Option(names = "--files-from-raw", paramLabel = "file", description = "read the files to backup from file (can be combined with file args; can be specified multiple times)")
    List<String> filesFromRaw = new ArrayList<>();

    @Option(names = "--exclude-caches", description = "excludes cache directories that are marked with a CACHEDIR.TAG file")
    boolean excludeCaches;

    @Option(names = "--exclude-if-present", paramLabel = "filename[:header]", description = "takes filename[:header], exclude contents of directories containing filename (except filename itself) if header of that file is as provided (can be specified multiple times)")
    List<String> excludeIfPresent = new ArrayList<>();

    @Option(names = "--exclude-larger-than", paramLabel = "size", description = "max size of the files to be backed up (allowed suffixes: k/K, m/M, g/G, t/T)")
    String excludeLargerThan;

    @Option(names = {"-x", "--one-file-system"}, description = "exclude other file systems, don't cross filesystem boundaries and subvolumes")
    boolean oneFileSystem;

    @Option(names = "--stdin", description = "read backup from stdin")
    boolean stdin;

    @Option(names = "--stdin-filename", paramLabel = "filename", defaultValue = "stdin", description = "filename to use when reading from stdin")
    String stdinFilename;

    @Option(names = "--stdin-from-command", description = "interpret arguments as command to execute and store its stdout")
    boolean stdinFromCommand;

    @Option(names = "--tag", paramLabel = "tags", description = "add tags for the new snapshot in the format `tag[,tag,...]` (can be specified multiple times)")
    List<String> tag = new ArrayList<>();

    @Option(names = {"-H", "--host"}, paramLabel = "hostname", description = "set the hostname for the snapshot manually (default: $RESTIC_HOST)")
    String host;

    /** restic 0.13's name of --host, deprecated in 0.14 and still accepted. */
    @Option(names = "--hostname", hidden = true)
    String legacyHostname;

    @Option(names = "--time", paramLabel = "time", description = "time of the backup (ex. '2012-11-01 22:08:41') (default: now)")
    String time;

    @Option(names = "--parent", paramLabel = "snapshot", description = "use this parent snapshot (default: last snapshot in the repository that has the same target files/directories, and is not newer than the snapshot time)")
    String parent;

    @Option(names = {"-f", "--force"}, description = "force re-reading the target files/directories (overrides the \"parent\" flag)")
    boolean force;

    @Option(names = {"-n", "--dry-run"}, description = "do not upload or write any data, just show what would be done")
    boolean dryRun;

    @Option(names = "--with-atime", description = "store the atime for all files and directories")
    boolean withAtime;

    @Option(names = "--ignore-inode", description = "ignore inode number changes when checking for modified files")
    boolean ignoreInode;

    @Option(names = "--ignore-ctime", description = "ignore ctime changes when checking for modified files")
    boolean ignoreCtime;

    @Option(names = "--read-concurrency", paramLabel = "n", description = "read n files concurrently (default: $RESTIC_READ_CONCURRENCY or 2)")
    Integer readConcurrency;

    @Override
    public Integer call() throws Exception {
        Printer out = printer();
        if (legacyHostname != null) {
            DeprecatedFlags.warn(out, "hostname", "use --host");
            // restic binds both to one setting, and the last given wins: ambiguous in a script, so refused here
            if (host != null) throw new CliException("--host and --hostname set the same hostname, give only one");
            host = legacyHostname;
        }
        if (stdin && stdinFromCommand) throw new CliException("--stdin and --stdin-from-command are mutually exclusive");
        if (stdin || stdinFromCommand) {
            String mode = stdin ? "--stdin" : "--stdin-from-command";
            if (!filesFrom.isEmpty()) throw new CliException(mode + " and --files-from cannot be used together");
            if (!filesFromVerbatim.isEmpty()) throw new CliException(mode + " and --files-from-verbatim cannot be used together");
            if (!filesFromRaw.isEmpty()) throw new CliException(mode + " and --files-from-raw cannot be used together");
        }
        if (stdin && !targets.isEmpty()) throw new CliException("--stdin was specified and files/dirs were listed as arguments");
        if (stdinFromCommand && targets.isEmpty()) throw new CliException("--stdin-from-command needs a command to run");
        if (!stdin && !stdinFromCommand) {
            if (Stream.of(filesFrom, filesFromVerbatim, filesFromRaw).flatMap(List::stream).anyMatch(TargetLists.STDIN::equals)) {
                // the list, not a password, is read from standard input: said before the list is read, as restic
                if (global().presetPassword() == null) throw new CliException(StandardInput.NO_PASSWORD_FROM_DATA);
                global().stdin().holdData();
            }
            List<String> listed = new TargetLists(global().stdin(), out).read(filesFrom, filesFromVerbatim, filesFromRaw);
            listed.addAll(targets);
            targets = listed;
            if (targets.isEmpty()) throw new CliException("nothing to backup, please specify target files/dirs");
        }
        if (stdin || stdinFromCommand) {
            try {
                Archiver.streamPath(stdinFilename);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        BackupOptions options = options();
        if (stdin) global().stdin().holdData(); // the data, not a password, is read from standard input
        if (!stdin && !stdinFromCommand) targets = existingTargets();
        long started = System.nanoTime();
        try (Repository repo = global().openRepository()) {
            out.verbose("repository " + repo.config().id().substring(0, 8) + " opened (repository version " + repo.version() + ") successfully");
            try (RepositoryLock lock = dryRun ? null : global().beginLock(repo, false)) {
                repo.loadIndex();
                // restic waits out its lock's settle time before it starts; this backup reads, chunks and packs
                // meanwhile, and holds back what would change the repository or be shown until the lock is sure
                CompletableFuture<Void> locked = lock == null ? CompletableFuture.completedFuture(null) : lock.confirmation();
                repo.holdWritesUntil(locked);
                BackupOutput reporter = new BackupOutput(out, started);
                reporter.holdUntil(locked);
                try (reporter;
                     BlobSaver saver = repo.newBlobSaver();
                     Archiver archiver = new Archiver(repo, saver, options, reporter)) {
                    locked.whenComplete((ignored, lost) -> { // stop reading what could never be saved
                        if (lost != null) archiver.abandon(lost instanceof IOException io ? io : new IOException(lost));
                    });
                    reporter.startProgress(stdin || stdinFromCommand ? null : () -> Scanner.start(targets, options),
                            global().env().get("RESTIC_PROGRESS_FPS"));
                    Archiver.Result result;
                    if (stdin || stdinFromCommand) {
                        try {
                            result = stdin ? archiver.backupStream(global().stdin().stream(), stdinFilename)
                                    : fromCommand(archiver, lock, reporter);
                        } catch (EmptySnapshotException e) {
                            throw new CliException("unable to save snapshot: " + e.getMessage());
                        }
                    } else {
                        IdentifiedSnapshot p = findParent(repo, options);
                        if (!out.json()) { // restic 0.14 names the parent only in text mode
                            if (p == null) reporter.info("no parent snapshot found, will read all files");
                            else reporter.info("using parent snapshot " + p.id().toShortString());
                        }
                        result = archiver.backup(targets, p == null ? null : p.snapshot(), p == null ? null : p.id());
                    }
                    confirmed(lock, reporter); // already, if anything was saved; never report a lost lock's backup
                    reporter.summary(result, dryRun);
                    if (result.statistics().errors() > 0) {
                        out.warn("Warning: at least one source file could not be read");
                        return ExitCode.PARTIAL_BACKUP;
                    }
                } catch (IOException | RuntimeException e) {
                    try {
                        confirmed(lock, reporter); // a lost lock is the cause to report, not what it made fail
                    } catch (IOException lost) {
                        if (lost != e) lost.addSuppressed(e); // e may be the lost lock itself, from an abandoned backup
                        throw lost;
                    }
                    throw e;
                }
            }
        }
        return ExitCode.OK;
    }

    /**
     * Waits for the lock's confirmation, throwing its failure, and prints what the reporter held meanwhile (or drops
     * it), so that it comes before whatever is printed next.
     */
    private static void confirmed(RepositoryLock lock, BackupOutput reporter) throws IOException {
        try {
            if (lock != null) lock.confirm();
        } finally {
            reporter.releaseHeld();
        }
    }

    private Archiver.Result fromCommand(Archiver archiver, RepositoryLock lock, BackupOutput reporter)
            throws IOException, InterruptedException {
        confirmed(lock, reporter); // the command runs only once the lock is sure, as in restic: it may change things
        Process p = new ProcessBuilder(targets).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        Archiver.Prepared result;
        try (InputStream in = p.getInputStream()) {
            result = archiver.backupStreamWithoutSnapshot(in, stdinFilename);
        } catch (EmptySnapshotException e) {
            // the command closed its output without writing: its failure, if it failed, is the better message
            int rc = p.waitFor();
            if (rc != 0) throw commandFailed(rc);
            throw e;
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        int rc = p.waitFor();
        if (rc != 0) throw commandFailed(rc);
        return archiver.commit(result);
    }

    private CliException commandFailed(int exitCode) {
        return new CliException("command \"" + String.join(" ", targets) + "\" failed with exit code " + exitCode + ", no snapshot created");
    }

    /** restic's parent: --parent, or the newest snapshot with this host and these exact paths, not newer than now. */
    private IdentifiedSnapshot findParent(Repository repo, BackupOptions options) throws IOException {
        if (force) return null;
        if (parent != null) return Snapshots.find(repo, parent, SnapshotFilter.ALL);
        List<String> paths = new ArrayList<>();
        for (String t : targets) paths.add(PathFilter.cleanPath(Path.of(t).toAbsolutePath().toString()));
        String hostname = options.hostname() != null ? options.hostname() : io.jrestic.repository.SystemIdentity.hostName();
        SnapshotFilter filter = new SnapshotFilter(List.of(hostname), List.of(), paths);
        OffsetDateTime limit = options.time() != null ? options.time() : OffsetDateTime.now();
        IdentifiedSnapshot best = null;
        for (IdentifiedSnapshot s : Snapshots.loadAll(repo)) {
            if (!filter.matches(s.snapshot()) || s.snapshot().time().isAfter(limit)) continue;
            if (s.snapshot().paths().size() != paths.size()) continue;
            if (best == null || !s.snapshot().time().isBefore(best.snapshot().time())) best = s;
        }
        return best;
    }

    private BackupOptions options() throws IOException {
        List<String> ex = new ArrayList<>(exclude);
        for (String f : excludeFile) ex.addAll(PathFilter.readPatternFile(Path.of(f), global().env().variables()));
        List<String> iex = new ArrayList<>(iexclude);
        for (String f : iexcludeFile) iex.addAll(PathFilter.readPatternFile(Path.of(f), global().env().variables()));
        List<String> present = new ArrayList<>(excludeIfPresent);
        if (excludeCaches) present.add(BackupOptions.CACHEDIR_TAG);
        List<String> tags = SnapshotFilter.parseTags(tag);
        String hostname = host != null ? host : global().env().get("RESTIC_HOST");
        int concurrency = readConcurrency != null ? readConcurrency : readConcurrencyFromEnvironment();
        List<String> snapshotExcludes = new ArrayList<>(ex);
        snapshotExcludes.addAll(iex);
        try {
            return new BackupOptions(PathFilter.of(ex), PathFilter.caseInsensitive(iex), present,
                    excludeLargerThan == null ? 0 : Sizes.parse(excludeLargerThan), oneFileSystem, withAtime,
                    ignoreInode || global().env().get("RESTIC_IGNORE_INODE") != null,
                    ignoreCtime || global().env().get("RESTIC_IGNORE_CTIME") != null,
                    force, dryRun, concurrency, hostname, tags, parseTime(), snapshotExcludes);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** $RESTIC_READ_CONCURRENCY, or restic's default of two files at once (also for a value it cannot parse). */
    private int readConcurrencyFromEnvironment() {
        String value = global().env().get("RESTIC_READ_CONCURRENCY");
        if (value == null) return 2;
        try {
            int files = Integer.parseUnsignedInt(value);
            return files == 0 ? 2 : files; // restic: 0 is the default
        } catch (NumberFormatException e) {
            global().ignoreVariable("RESTIC_READ_CONCURRENCY", "want a number of files");
            return 2;
        }
    }

    private OffsetDateTime parseTime() {
        if (time == null) return null;
        try {
            LocalDateTime t = LocalDateTime.parse(time, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            return t.atZone(ZoneId.systemDefault()).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new CliException("error in time option: parsing time \"" + time + "\" as \"2006-01-02 15:04:05\": cannot parse");
        }
    }

    /** restic skips targets that do not exist, with a warning, and fails only when none exists. */
    private List<String> existingTargets() {
        List<String> existing = new ArrayList<>();
        for (String t : targets) {
            if (Files.exists(Path.of(t), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                existing.add(t);
            } else {
                printer().warn(t + " does not exist, skipping");
            }
        }
        if (existing.isEmpty()) throw new CliException("all target directories/files do not exist");
        return existing;
    }
}

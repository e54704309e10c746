package io.jrestic.cli;

import io.jrestic.backend.Backend;
import io.jrestic.backend.limit.RateLimitedBackend;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.location.Options;
import io.jrestic.backend.tls.ClientTls;
import io.jrestic.cache.CacheDirectories;
import io.jrestic.cache.CacheLocation;
import io.jrestic.cache.CachingBackend;
import io.jrestic.compress.CompressionMode;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.pack.PackWriter;
import io.jrestic.repository.Repository;
import io.jrestic.repository.WrongPasswordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * restic's global flags, accepted before or after the command name, with restic's environment variables as
 * defaults. Resolves the repository location and password and opens the repository.
 */
public final class GlobalOptions {
    @Option(names = {"-r", "--repo"}, scope = ScopeType.INHERIT, paramLabel = "repository",
            description = "repository to back up to or restore from (default: $RESTIC_REPOSITORY)")
    String repo;

    @Option(names = "--repository-file", scope = ScopeType.INHERIT, paramLabel = "file",
            description = "file to read the repository location from (default: $RESTIC_REPOSITORY_FILE)")
    String repositoryFile;

    @Option(names = {"-p", "--password-file"}, scope = ScopeType.INHERIT, paramLabel = "file",
            description = "file to read the repository password from (default: $RESTIC_PASSWORD_FILE)")
    String passwordFile;

    @Option(names = "--password-command", scope = ScopeType.INHERIT, paramLabel = "command",
            description = "shell command to obtain the repository password from (default: $RESTIC_PASSWORD_COMMAND)")
    String passwordCommand;

    @Option(names = "--key-hint", scope = ScopeType.INHERIT, paramLabel = "key",
            description = "key ID of key to try decrypting first (default: $RESTIC_KEY_HINT)")
    String keyHint;

    @Option(names = "--cache-dir", scope = ScopeType.INHERIT, paramLabel = "directory",
            description = "set the cache directory (default: $RESTIC_CACHE_DIR)")
    String cacheDir;

    @Option(names = "--no-cache", scope = ScopeType.INHERIT, description = "do not use a local cache")
    boolean noCache;

    @Option(names = "--cleanup-cache", scope = ScopeType.INHERIT, description = "auto remove old cache directories")
    boolean cleanupCache;

    @Option(names = "--no-lock", scope = ScopeType.INHERIT, description = "do not lock the repository, this allows some operations on read-only repositories")
    boolean noLock;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "set output mode to JSON for commands that support it")
    boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "do not output comprehensive progress report")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, arity = "0", description = "be verbose (specify multiple times or a level using --verbose=n, max level/times is 2)")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-o", "--option"}, scope = ScopeType.INHERIT, paramLabel = "key=value",
            description = "set extended option (key=value, can be specified multiple times)")
    List<String> extendedOptions = new ArrayList<>();

    @Option(names = "--compression", scope = ScopeType.INHERIT, paramLabel = "mode",
            description = "compression mode (only available for repository format version 2), one of (auto|off|max) (default: $RESTIC_COMPRESSION)")
    String compression;

    @Option(names = "--pack-size", scope = ScopeType.INHERIT, paramLabel = "size",
            description = "set target pack size in MiB, created pack files may be larger (default: $RESTIC_PACK_SIZE)")
    Long packSize;

    @Option(names = "--limit-upload", scope = ScopeType.INHERIT, paramLabel = "int",
            description = "limits uploads to a maximum rate in KiB/s. (default: unlimited)")
    long limitUploadKiB;

    @Option(names = "--limit-download", scope = ScopeType.INHERIT, paramLabel = "int",
            description = "limits downloads to a maximum rate in KiB/s. (default: unlimited)")
    long limitDownloadKiB;

    @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "file", split = ",",
            description = "file to load root certificates from (default: use system certificates or $RESTIC_CACERT)")
    List<String> caCertFiles = new ArrayList<>();

    @Option(names = "--tls-client-cert", scope = ScopeType.INHERIT, paramLabel = "file",
            description = "path to a file containing PEM encoded TLS client certificate and private key (default: $RESTIC_TLS_CLIENT_CERT)")
    String tlsClientCertFile;

    @Option(names = "--insecure-tls", scope = ScopeType.INHERIT,
            description = "skip TLS certificate verification when connecting to the repository (insecure)")
    boolean insecureTls;

    @Option(names = {"-h", "--help"}, scope = ScopeType.INHERIT, usageHelp = true, description = "help for jrestic")
    boolean help;

    Environment env = Environment.system();
    StandardInput stdin = StandardInput.empty();
    Printer printer;

    public Environment env() {
        return env;
    }

    public StandardInput stdin() {
        return stdin;
    }

    public Printer printer() {
        return printer;
    }

    public boolean noLock() {
        return noLock;
    }

    public boolean noCache() {
        return noCache;
    }

    public boolean cleanupCache() {
        return cleanupCache;
    }

    /** The cache's base directory (--cache-dir, $RESTIC_CACHE_DIR or the user's), or empty without any. */
    public Optional<Path> cacheBase() {
        return CacheLocation.find(cacheDir, env.variables());
    }

    /** The repository location from -r, --repository-file or the environment. */
    public String location() {
        String r = repo != null ? repo : env.get("RESTIC_REPOSITORY");
        String file = repositoryFile != null ? repositoryFile : env.get("RESTIC_REPOSITORY_FILE");
        if (r != null && file != null) {
            throw new CliException("Options -r and --repository-file are mutually exclusive, please specify only one");
        }
        return location(r, file);
    }

    private static String location(String r, String file) {
        if (file != null) {
            try {
                r = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException("unable to read repository file " + file + ": " + describe(e));
            }
        }
        if (r == null || r.isEmpty()) {
            throw new CliException("Please specify repository location (-r or --repository-file)");
        }
        return r;
    }

    /**
     * Opens the storage backend of the location, behind restic's local cache unless --no-cache (the cache starts
     * working once {@link #openRepository} has read the repository ID).
     */
    public Backend openBackend() throws IOException {
        return openBackend(!noCache);
    }

    private Backend openBackend(boolean cached) throws IOException {
        Backend backend = backendAt(location());
        return cached ? new CachingBackend(backend) : backend;
    }

    /**
     * The backend of a repository location with the -o options, limited to --limit-upload and --limit-download. A
     * location or an option it cannot take (an unknown scheme, a malformed URL, {@code local.connections=abc}) is the
     * user's error: one Fatal line. The limits apply to the backend, below the cache, as restic's do.
     */
    private Backend backendAt(String location) throws IOException {
        long uploadBytesPerSecond = bytesPerSecond("--limit-upload", limitUploadKiB);
        long downloadBytesPerSecond = bytesPerSecond("--limit-download", limitDownloadKiB);
        Backend backend;
        try {
            backend = BackendRegistry.open(location, Options.parse(extendedOptions), backendEnvironment());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return RateLimitedBackend.limit(backend, uploadBytesPerSecond, downloadBytesPerSecond);
    }

    /**
     * A limit flag's KiB/s in bytes/s, 0 meaning unlimited. restic 0.14 takes a negative rate as unlimited without a
     * word; here it is a mistake worth one Fatal line.
     */
    private static long bytesPerSecond(String flag, long kibPerSecond) {
        if (kibPerSecond < 0) {
            throw new CliException(flag + " must be a rate in KiB/s or 0 for unlimited, not " + kibPerSecond);
        }
        return kibPerSecond > Long.MAX_VALUE / 1024 ? Long.MAX_VALUE : kibPerSecond * 1024; // Go's int is 64 bits
    }

    /**
     * The environment the backends read, with the TLS flags in the variables {@link ClientTls} reads: --cacert and
     * --tls-client-cert override RESTIC_CACERT and RESTIC_TLS_CLIENT_CERT; verification is off only with
     * --insecure-tls, as in restic, never through an inherited variable.
     */
    private Map<String, String> backendEnvironment() {
        Map<String, String> variables = new HashMap<>(env.variables());
        if (!caCertFiles.isEmpty()) variables.put(ClientTls.CA_CERT_VARIABLE, String.join(",", caCertFiles));
        if (tlsClientCertFile != null) variables.put(ClientTls.CLIENT_CERT_VARIABLE, tlsClientCertFile);
        variables.remove(ClientTls.INSECURE_VARIABLE);
        if (insecureTls) variables.put(ClientTls.INSECURE_VARIABLE, "true");
        return variables;
    }

    /**
     * Caches in --cache-dir, $RESTIC_CACHE_DIR or the user's cache directory, warning as restic does if that fails.
     * Without any of them (no $HOME) it runs uncached and quietly, where restic would warn "unable to open cache:
     * unable to locate cache directory: …": in-process test runs have no $HOME.
     */
    private void useCache(CachingBackend backend, Repository repo) {
        Path base = cacheBase().orElse(null);
        if (base == null) return;
        try {
            backend.attach(base, repo);
        } catch (IOException | IllegalArgumentException e) {
            if (printer != null) printer.warn("unable to open cache: " + e.getMessage());
            return;
        }
        if (printer != null) handleOldCaches(base);
    }

    /**
     * As restic after opening the cache: caches of other repositories unused for 30 days are removed with
     * --cleanup-cache, otherwise pointed out when stdout is a terminal (they are never removed unasked, since another
     * restic may still use them).
     */
    private void handleOldCaches(Path base) {
        List<CacheDirectories.Entry> old;
        try {
            old = CacheDirectories.olderThan(base, CacheDirectories.MAX_AGE, Instant.now());
        } catch (IOException e) {
            printer.warn("unable to find old cache directories: " + e.getMessage());
            return;
        }
        if (old.isEmpty()) return;
        if (cleanupCache) {
            if (printer.terminal() && !json) printer.info("removing " + old.size() + " old cache dirs from " + base);
            CacheDirectories.removeAll(old, printer::warn);
        } else if (printer.terminal()) {
            printer.info("found " + old.size() + " old cache directories in " + base
                    + ", run `restic cache --cleanup` to remove them");
        }
    }

    /**
     * How this run writes: --compression and --pack-size, or their variables. Resolved once, so a variable that is
     * ignored is warned about once, however many repositories the command opens (copy, init --copy-chunker-params).
     */
    public Repository.Settings settings() {
        if (settings == null) settings = resolveSettings();
        return settings;
    }

    private Repository.Settings settings;

    private Repository.Settings resolveSettings() {
        CompressionMode cm = CompressionMode.AUTO;
        if (compression != null) {
            try {
                cm = CompressionMode.parse(compression);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        } else if (env.get("RESTIC_COMPRESSION") != null) {
            try {
                cm = CompressionMode.parse(env.get("RESTIC_COMPRESSION"));
            } catch (IllegalArgumentException e) {
                ignoreVariable("RESTIC_COMPRESSION", "want auto, off or max");
            }
        }
        long mib = packSize != null ? packSize : 0;
        if (packSize == null && env.get("RESTIC_PACK_SIZE") != null) {
            try {
                mib = Long.parseUnsignedLong(env.get("RESTIC_PACK_SIZE"));
            } catch (NumberFormatException e) {
                ignoreVariable("RESTIC_PACK_SIZE", "want a size in MiB");
            }
        }
        try {
            return new Repository.Settings(cm, (int) PackWriter.targetSize(mib));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /**
     * An environment variable with a value restic would not parse: restic takes the default then, silently; jrestic
     * takes it too, so a stray variable never stops a scheduled backup, but says so.
     */
    public void ignoreVariable(String name, String expected) {
        if (printer != null) {
            printer.warn("ignoring " + name + "=\"" + env.get(name) + "\" (" + expected + "), using the default");
        }
    }

    /** Opens the repository with the resolved password; errors become restic's messages and exit codes. */
    public Repository openRepository() throws IOException {
        return openRepository(!noCache);
    }

    /**
     * Opens the repository without the local cache whatever the flags say: for commands that must read what the
     * repository holds, as restic's {@code check} does (it uses a fresh temporary cache unless --with-cache).
     */
    public Repository openRepositoryWithoutCache() throws IOException {
        return openRepository(false);
    }

    /**
     * As restic: the repository must exist before a password is asked for, and a password typed at the terminal may
     * be tried three times ("wrong password or no key found. Try again").
     */
    private Repository openRepository(boolean cached) throws IOException {
        Backend backend = openBackend(cached);
        try {
            Repository.requireExists(backend);
            String hint = keyHint != null ? keyHint : env.get("RESTIC_KEY_HINT");
            int tries = presetPassword() == null && stdin.terminal() ? PASSWORD_TRIES : 1;
            for (int left = tries; ; left--) {
                byte[] password;
                try {
                    password = Passwords.read(this, "enter password for repository: ", false);
                } catch (CliException e) { // as restic, an empty password is a try too (its notice on stdout)
                    if (left <= 1 || !Passwords.EMPTY.equals(e.getMessage())) throw e;
                    printer.result(e.line() + ". Try again");
                    continue;
                }
                try {
                    Repository repo = Repository.openExisting(backend, password, hint, settings());
                    if (backend instanceof CachingBackend caching) useCache(caching, repo);
                    return repo;
                } catch (WrongPasswordException e) {
                    if (left <= 1) throw e;
                    printer.warn(e.getMessage() + ". Try again");
                }
            }
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static final int PASSWORD_TRIES = 3;

    /** The password from --password-command, --password-file or RESTIC_PASSWORD, resolved once; null without. */
    public byte[] presetPassword() {
        if (!presetResolved) {
            presetPassword = Passwords.preset(this);
            presetResolved = true;
        }
        return presetPassword;
    }

    private byte[] presetPassword;
    private boolean presetResolved;

    /**
     * Opens a second repository (copy's source, init's --copy-chunker-params) through the same location, backend,
     * password and key code paths as -r's. The caller has already applied its flags' environment defaults.
     *
     * @param passwordVariable the environment variable holding the password itself (RESTIC_FROM_PASSWORD)
     */
    public Repository openOtherRepository(String otherRepo, String otherRepositoryFile, String otherPasswordCommand,
                                          String otherPasswordFile, String passwordVariable, String otherKeyHint,
                                          String prompt) throws IOException {
        Backend backend = backendAt(location(otherRepo, otherRepositoryFile));
        try {
            byte[] password = Passwords.read(this, otherPasswordCommand, otherPasswordFile, passwordVariable, prompt, false);
            return Repository.open(backend, password, otherKeyHint, settings());
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** Locks the repository unless --no-lock; callers close the returned lock (null with --no-lock). */
    public RepositoryLock lock(Repository repo, boolean exclusive) throws IOException {
        if (noLock) return null;
        return RepositoryLock.acquire(repo, exclusive);
    }

    /**
     * Locks as {@link #lock} does but leaves restic's settle wait and second conflict check to
     * {@link RepositoryLock#confirm()}, which the caller runs after its reading and before its output, so the
     * wait costs nothing (null with --no-lock).
     */
    public RepositoryLock beginLock(Repository repo, boolean exclusive) throws IOException {
        if (noLock) return null;
        return RepositoryLock.begin(repo, exclusive);
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        return e.getMessage();
    }
}

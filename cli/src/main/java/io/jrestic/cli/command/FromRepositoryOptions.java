package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.Environment;
import io.jrestic.cli.GlobalOptions;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import picocli.CommandLine.Option;

/**
 * restic's flags for a second, source repository ({@code copy}, {@code init --copy-chunker-params}), each
 * defaulting to its RESTIC_FROM_* environment variable; the password may also come from RESTIC_FROM_PASSWORD.
 * restic 0.13's {@code --repo2} group (RESTIC_REPOSITORY2, …, RESTIC_PASSWORD2) is still accepted, hidden and with
 * restic's deprecation warning, for old scripts; with it, {@code copy} copies from -r to the second repository.
 */
public final class FromRepositoryOptions {
    @Option(names = "--from-repo", paramLabel = "repository",
            description = "source repository (default: $RESTIC_FROM_REPOSITORY)")
    String repo;

    @Option(names = "--from-repository-file", paramLabel = "file",
            description = "file from which to read the source repository location (default: $RESTIC_FROM_REPOSITORY_FILE)")
    String repositoryFile;

    @Option(names = "--from-password-file", paramLabel = "file",
            description = "file to read the source repository password from (default: $RESTIC_FROM_PASSWORD_FILE)")
    String passwordFile;

    @Option(names = "--from-password-command", paramLabel = "command",
            description = "shell command to obtain the source repository password from (default: $RESTIC_FROM_PASSWORD_COMMAND)")
    String passwordCommand;

    @Option(names = "--from-key-hint", paramLabel = "string",
            description = "key ID of key to try decrypting the source repository first (default: $RESTIC_FROM_KEY_HINT)")
    String keyHint;

    @Option(names = "--repo2", hidden = true)
    String legacyRepo;

    @Option(names = "--repository-file2", hidden = true)
    String legacyRepositoryFile;

    @Option(names = "--password-file2", hidden = true)
    String legacyPasswordFile;

    @Option(names = "--password-command2", hidden = true)
    String legacyPasswordCommand;

    @Option(names = "--key-hint2", hidden = true)
    String legacyKeyHint;

    /** The second repository, and whether it came from the --from-repo group (else the legacy --repo2 one). */
    record Secondary(Repository repository, boolean fromRepo) {
    }

    private static String or(String flag, Environment env, String variable) {
        return flag != null && !flag.isEmpty() ? flag : env.get(variable);
    }

    /** True if a second location was given by flag or environment. */
    boolean hasLocation(Environment env) {
        return or(repo, env, "RESTIC_FROM_REPOSITORY") != null || or(repositoryFile, env, "RESTIC_FROM_REPOSITORY_FILE") != null
                || or(legacyRepo, env, "RESTIC_REPOSITORY2") != null || or(legacyRepositoryFile, env, "RESTIC_REPOSITORY_FILE2") != null;
    }

    /** Opens the source repository of the --from-repo group (init's --copy-chunker-params). */
    Repository open(GlobalOptions global) throws IOException {
        return open(global, "secondary").repository();
    }

    /**
     * Opens the second repository with restic's checks and messages.
     *
     * @param legacyRole what the legacy group's repository is, for its password prompt ("destination" for copy)
     */
    Secondary open(GlobalOptions global, String legacyRole) throws IOException {
        Environment env = global.env();
        String[] from = {or(repo, env, "RESTIC_FROM_REPOSITORY"), or(repositoryFile, env, "RESTIC_FROM_REPOSITORY_FILE"),
                or(passwordFile, env, "RESTIC_FROM_PASSWORD_FILE"), or(keyHint, env, "RESTIC_FROM_KEY_HINT"),
                or(passwordCommand, env, "RESTIC_FROM_PASSWORD_COMMAND")};
        String[] legacy = {or(legacyRepo, env, "RESTIC_REPOSITORY2"), or(legacyRepositoryFile, env, "RESTIC_REPOSITORY_FILE2"),
                or(legacyPasswordFile, env, "RESTIC_PASSWORD_FILE2"), or(legacyKeyHint, env, "RESTIC_KEY_HINT2"),
                or(legacyPasswordCommand, env, "RESTIC_PASSWORD_COMMAND2")};
        warnDeprecated(global); // pflag warns while parsing, before any check
        if (from[0] == null && from[1] == null && legacy[0] == null && legacy[1] == null) {
            throw new CliException("Please specify a source repository location (--from-repo or --from-repository-file)");
        }
        boolean hasFrom = Arrays.stream(from).anyMatch(Objects::nonNull);
        boolean hasLegacy = Arrays.stream(legacy).anyMatch(Objects::nonNull);
        if (hasFrom && hasLegacy) {
            throw new CliException("Option groups repo2 and from-repo are mutually exclusive, please specify only one");
        }
        if (hasFrom) {
            if (from[0] != null && from[1] != null) {
                throw new CliException("Options --from-repo and --from-repository-file are mutually exclusive, please specify only one");
            }
            return new Secondary(global.openOtherRepository(from[0], from[1], from[4], from[2], "RESTIC_FROM_PASSWORD",
                    from[3], "enter password for source repository: "), true);
        }
        if (legacy[0] != null && legacy[1] != null) {
            throw new CliException("Options --repo2 and --repository-file2 are mutually exclusive, please specify only one");
        }
        return new Secondary(global.openOtherRepository(legacy[0], legacy[1], legacy[4], legacy[2], "RESTIC_PASSWORD2",
                legacy[3], "enter password for " + legacyRole + " repository: "), false);
    }

    /** pflag's warnings for the deprecated flags given on the command line (not for their variables). */
    private void warnDeprecated(GlobalOptions global) {
        if (legacyRepo != null) DeprecatedFlags.warn(global.printer(), "repo2", "use --repo or --from-repo instead");
        if (legacyRepositoryFile != null) {
            DeprecatedFlags.warn(global.printer(), "repository-file2", "use --repository-file or --from-repository-file instead");
        }
    }
}

package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.Environment;
import io.jrestic.cli.GlobalOptions;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.Objects;
import java.util.stream.Stream;
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

    /** One group of flags for the second repository, each value from its flag or else its variable. */
    private record Group(String repo, String repositoryFile, String passwordFile, String passwordCommand, String keyHint) {
        boolean given() {
            return Stream.of(repo, repositoryFile, passwordFile, passwordCommand, keyHint).anyMatch(Objects::nonNull);
        }

        boolean hasLocation() {
            return repo != null || repositoryFile != null;
        }
    }

    private Group fromRepoGroup(Environment env) {
        return new Group(or(repo, env, "RESTIC_FROM_REPOSITORY"), or(repositoryFile, env, "RESTIC_FROM_REPOSITORY_FILE"),
                or(passwordFile, env, "RESTIC_FROM_PASSWORD_FILE"), or(passwordCommand, env, "RESTIC_FROM_PASSWORD_COMMAND"),
                or(keyHint, env, "RESTIC_FROM_KEY_HINT"));
    }

    private Group legacyGroup(Environment env) {
        return new Group(or(legacyRepo, env, "RESTIC_REPOSITORY2"), or(legacyRepositoryFile, env, "RESTIC_REPOSITORY_FILE2"),
                or(legacyPasswordFile, env, "RESTIC_PASSWORD_FILE2"), or(legacyPasswordCommand, env, "RESTIC_PASSWORD_COMMAND2"),
                or(legacyKeyHint, env, "RESTIC_KEY_HINT2"));
    }

    private static String or(String flag, Environment env, String variable) {
        return flag != null && !flag.isEmpty() ? flag : env.get(variable);
    }

    /** True if a second location was given by flag or environment. */
    boolean hasLocation(Environment env) {
        return fromRepoGroup(env).hasLocation() || legacyGroup(env).hasLocation();
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
        Group from = fromRepoGroup(env);
        Group legacy = legacyGroup(env);
        warnDeprecated(global); // pflag warns while parsing, before any check
        if (!from.hasLocation() && !legacy.hasLocation()) {
            throw new CliException("Please specify a source repository location (--from-repo or --from-repository-file)");
        }
        if (from.given() && legacy.given()) {
            throw new CliException("Option groups repo2 and from-repo are mutually exclusive, please specify only one");
        }
        if (from.given()) {
            if (from.repo() != null && from.repositoryFile() != null) {
                throw new CliException("Options --from-repo and --from-repository-file are mutually exclusive, please specify only one");
            }
            return new Secondary(open(global, from, "RESTIC_FROM_PASSWORD", "enter password for source repository: "), true);
        }
        if (legacy.repo() != null && legacy.repositoryFile() != null) {
            throw new CliException("Options --repo2 and --repository-file2 are mutually exclusive, please specify only one");
        }
        return new Secondary(open(global, legacy, "RESTIC_PASSWORD2", "enter password for " + legacyRole + " repository: "), false);
    }

    private static Repository open(GlobalOptions global, Group g, String passwordVariable, String prompt) throws IOException {
        return global.openOtherRepository(g.repo(), g.repositoryFile(), g.passwordCommand(), g.passwordFile(),
                passwordVariable, g.keyHint(), prompt);
    }

    /** pflag's warnings for the deprecated flags given on the command line (not for their variables). */
    private void warnDeprecated(GlobalOptions global) {
        if (legacyRepo != null) DeprecatedFlags.warn(global.printer(), "repo2", "use --repo or --from-repo instead");
        if (legacyRepositoryFile != null) {
            DeprecatedFlags.warn(global.printer(), "repository-file2", "use --repository-file or --from-repository-file instead");
        }
    }
}

package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.Environment;
import io.jrestic.cli.GlobalOptions;
import io.jrestic.repository.Repository;
import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * restic's flags for a second, source repository ({@code copy}, {@code init --copy-chunker-params}), each
 * defaulting to its RESTIC_FROM_* environment variable; the password may also come from RESTIC_FROM_PASSWORD.
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

    private static String or(String flag, Environment env, String variable) {
        return flag != null && !flag.isEmpty() ? flag : env.get(variable);
    }

    /** True if a source location was given by flag or environment. */
    boolean hasLocation(Environment env) {
        return or(repo, env, "RESTIC_FROM_REPOSITORY") != null || or(repositoryFile, env, "RESTIC_FROM_REPOSITORY_FILE") != null;
    }

    /** Opens the source repository with restic's checks and messages. */
    Repository open(GlobalOptions global) throws IOException {
        Environment env = global.env();
        String r = or(repo, env, "RESTIC_FROM_REPOSITORY");
        String file = or(repositoryFile, env, "RESTIC_FROM_REPOSITORY_FILE");
        if (r == null && file == null) {
            throw new CliException("Please specify a source repository location (--from-repo or --from-repository-file)");
        }
        if (r != null && file != null) {
            throw new CliException("Options --from-repo and --from-repository-file are mutually exclusive, please specify only one");
        }
        return global.openOtherRepository(r, file, or(passwordCommand, env, "RESTIC_FROM_PASSWORD_COMMAND"),
                or(passwordFile, env, "RESTIC_FROM_PASSWORD_FILE"), "RESTIC_FROM_PASSWORD",
                or(keyHint, env, "RESTIC_FROM_KEY_HINT"), "enter password for source repository: ");
    }
}

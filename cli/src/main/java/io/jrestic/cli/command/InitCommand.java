package io.jrestic.cli.command;

import io.jrestic.backend.Backend;
import io.jrestic.chunker.Polynomial;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.config.Config;
import io.jrestic.json.JsonWriter;
import io.jrestic.key.KdfParams;
import io.jrestic.repository.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code init}: creates a repository (version 2 by default, as restic); {@code --copy-chunker-params} takes the
 * chunker polynomial of the {@code --from-repo} repository.
 */
@Command(name = "init", description = "Initialize a new repository")
public final class InitCommand extends RepositoryCommand {
    @Option(names = "--repository-version", paramLabel = "version", defaultValue = "stable",
            description = "repository format version to use, allowed values are a format version, 'latest' and 'stable'")
    String repositoryVersion;

    @Option(names = "--copy-chunker-params", description = "copy chunker parameters from the secondary repository (useful with the copy command)")
    boolean copyChunkerParams;

    @Mixin
    FromRepositoryOptions from;

    @Override
    public Integer call() throws Exception {
        int version = switch (repositoryVersion) {
            case "stable", "latest", "2" -> Config.VERSION_2;
            case "1" -> Config.VERSION_1;
            default -> throw new CliException("unsupported repository version " + repositoryVersion);
        };
        Polynomial polynomial = chunkerPolynomial();
        String location = global().location();
        byte[] password = readNewPassword();
        try (Backend backend = global().openBackend();
             Repository repo = Repository.init(backend, password, version, polynomial, KdfParams.forNewKey(), global().settings())) {
            if (printer().json()) {
                printer().jsonLine(new JsonWriter().beginObject().name("message_type").value("initialized")
                        .name("id").value(repo.config().id()).name("repository").value(location).endObject().toByteArray());
            } else {
                printer().info("created restic repository " + repo.config().id().substring(0, 10) + " at " + location);
                printer().info("");
                printer().info("Please note that knowledge of your password is required to access");
                printer().info("the repository. Losing your password means that your data is");
                printer().info("irrecoverably lost.");
            }
        }
        return ExitCode.OK;
    }

    /** With --copy-chunker-params, the source repository's polynomial, so copies deduplicate against it. */
    private Polynomial chunkerPolynomial() throws java.io.IOException {
        if (copyChunkerParams) {
            try (Repository other = from.open(global())) {
                return other.polynomial();
            }
        }
        if (from.hasLocation(global().env())) {
            throw new CliException("Secondary repository must only be specified when copying the chunker parameters");
        }
        return null;
    }

    private byte[] readNewPassword() {
        return io.jrestic.cli.PasswordPrompt.forNewRepository(global());
    }
}

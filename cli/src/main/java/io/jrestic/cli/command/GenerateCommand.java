package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate}: shell completion for bash and zsh (picocli's script serves both), as restic's generate writes
 * them; its fish completion and man pages are not available here.
 */
@Command(name = "generate", description = "Generate manual pages and auto-completion files (bash, zsh)")
public final class GenerateCommand extends RepositoryCommand {
    @Option(names = "--bash-completion", paramLabel = "file", description = "write bash completion file")
    Path bashCompletion;

    @Option(names = "--zsh-completion", paramLabel = "file", description = "write zsh completion file")
    Path zshCompletion;

    @Option(names = "--fish-completion", paramLabel = "file", description = "write fish completion file (not available in jrestic)")
    Path fishCompletion;

    @Option(names = "--man", paramLabel = "directory", description = "write man pages to directory (not available in jrestic)")
    Path manDirectory;

    @Override
    public Integer call() throws IOException {
        if (manDirectory != null) throw new CliException("man pages are not available in jrestic: 'jrestic help COMMAND' prints each command's usage");
        if (fishCompletion != null) throw new CliException("fish completion is not available in jrestic (bash and zsh are)");
        if (bashCompletion == null && zshCompletion == null) {
            throw new CliException("nothing to do, please specify at least one output file/dir");
        }
        String script = AutoComplete.bash("jrestic", Main.withEveryCommand());
        if (bashCompletion != null) write("bash", bashCompletion, script);
        if (zshCompletion != null) write("zsh", zshCompletion, script);
        return ExitCode.OK;
    }

    private void write(String shell, Path file, String script) throws IOException {
        printer().info("writing " + shell + " completion file to " + file);
        Files.writeString(file, script, StandardCharsets.UTF_8);
    }
}

package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code generate}: shell completion for bash and zsh, as restic's generate writes them (picocli's script, which
 * serves both); restic's fish completion and man pages are not available here. Like restic it writes every file it
 * can, ignores arguments, and takes an empty file name as not given.
 */
@Command(name = "generate", description = "Generate auto-completion files (bash, zsh)")
public final class GenerateCommand extends RepositoryCommand {
    @Option(names = "--bash-completion", paramLabel = "file", description = "write bash completion file")
    String bashCompletion;

    @Option(names = "--zsh-completion", paramLabel = "file",
            description = "write zsh completion file (source it from .zshrc: it is the bash script, run through zsh's bashcompinit)")
    String zshCompletion;

    @Option(names = "--fish-completion", paramLabel = "file", description = "write fish completion file (not available in jrestic)")
    String fishCompletion;

    @Option(names = "--man", paramLabel = "directory", description = "write man pages to directory (not available in jrestic)")
    String manDirectory;

    @Parameters(arity = "0..*", hidden = true)
    List<String> ignored = new ArrayList<>();

    /**
     * picocli turns bash's default completion off in every function, so nothing completes file names (targets,
     * --password-file, restore --target), where bash would and restic's script does; those lines are dropped.
     */
    private static final String NO_DEFAULT_COMPLETION = "  type compopt &>/dev/null && compopt +o default\n";

    @Override
    public Integer call() throws IOException {
        String script = verboseAsFlag(AutoComplete.bash("jrestic", Main.withEveryCommand()).replace(NO_DEFAULT_COMPLETION, ""));
        if (given(bashCompletion)) write("bash", Path.of(bashCompletion), script);
        if (given(zshCompletion)) write("zsh", Path.of(zshCompletion), script);
        if (given(fishCompletion)) throw new CliException("fish completion is not available in jrestic (bash and zsh are)");
        if (given(manDirectory)) {
            throw new CliException("man pages are not available in jrestic: 'jrestic help COMMAND' prints each command's usage");
        }
        if (!given(bashCompletion) && !given(zshCompletion)) {
            throw new CliException("nothing to do, please specify at least one output file/dir");
        }
        return ExitCode.OK;
    }

    /**
     * picocli lists the counting {@code -v} (a boolean array) with the options that take a value, so the word after
     * it went uncompleted; in each function it is moved to the flags (the line before), and its case that stops the
     * completion goes.
     */
    private static String verboseAsFlag(String script) {
        String[] lines = script.replace(VERBOSE_TAKES_VALUE, "").split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].contains("local arg_opts=") && lines[i].contains(VERBOSE) && lines[i - 1].contains("local flag_opts=")) {
                lines[i] = lines[i].replace(" " + VERBOSE, "").replace(VERBOSE + " ", "").replace(VERBOSE, "");
                int end = lines[i - 1].lastIndexOf('"');
                lines[i - 1] = lines[i - 1].substring(0, end) + " " + VERBOSE + lines[i - 1].substring(end);
            }
        }
        return String.join("\n", lines);
    }

    private static final String VERBOSE = "'-v' '--verbose'";
    /** The case that ends the completion after {@code -v}, as after an option whose value comes next. */
    private static final String VERBOSE_TAKES_VALUE = "    '-v'|'--verbose')\n      return\n      ;;\n";

    private static boolean given(String file) {
        return file != null && !file.isEmpty();
    }

    private void write(String shell, Path file, String script) throws IOException {
        printer().info("writing " + shell + " completion file to " + file);
        Files.writeString(file, script, StandardCharsets.UTF_8);
    }
}

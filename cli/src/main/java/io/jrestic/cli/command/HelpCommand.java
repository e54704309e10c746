package io.jrestic.cli.command;

import io.jrestic.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code help [command]}: the overall usage, or one command's, as restic's (cobra's) help command prints them. Not
 * picocli's own help command, whose {@code -h} clashes with the inherited global {@code --help}.
 */
@Command(name = "help", description = "Help about any command")
public final class HelpCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "command", description = "the command to describe")
    String command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.parent().commandLine();
        CommandLine described = command == null ? root : root.getSubcommands().get(command);
        if (described == null) { // cobra: the complaint and the overall usage, all on stderr
            root.getErr().println("Unknown help topic [`" + command + "`]");
            root.usage(root.getErr());
            return ExitCode.OK;
        }
        described.usage(root.getOut());
        return ExitCode.OK;
    }
}

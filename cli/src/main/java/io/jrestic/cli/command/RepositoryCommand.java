package io.jrestic.cli.command;

import io.jrestic.cli.GlobalOptions;
import io.jrestic.cli.Main;
import io.jrestic.cli.Printer;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** Base of every command: access to the global options and the printer. */
abstract class RepositoryCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    GlobalOptions global() {
        return main.global();
    }

    Printer printer() {
        return main.global().printer();
    }
}

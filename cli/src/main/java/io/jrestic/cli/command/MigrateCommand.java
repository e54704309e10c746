package io.jrestic.cli.command;

import io.jrestic.checker.Checker;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.migrate.Migration;
import io.jrestic.migrate.Migrations;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code migrate}: without arguments lists the migrations that apply to the repository; with names applies them,
 * each after a structural {@code check} when it asks for one, as restic does. Exclusive lock.
 */
@Command(name = "migrate", description = "Apply migrations")
public final class MigrateCommand extends RepositoryCommand {
    @Option(names = {"-f", "--force"}, description = "apply a migration a second time")
    boolean force;

    @Parameters(paramLabel = "migration name", arity = "0..*")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Printer p = printer();
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().lock(repo, true)) {
            if (names.isEmpty()) {
                list(repo, p);
                return ExitCode.OK;
            }
            return apply(repo, p);
        }
    }

    private static void list(Repository repo, Printer p) throws IOException {
        p.info("available migrations:");
        boolean found = false;
        for (Migration m : Migrations.all()) {
            if (m.reasonNotApplicable(repo).isEmpty()) {
                p.info("  " + m.name() + "\t" + m.description());
                found = true;
            }
        }
        if (!found) p.info("no migrations found");
    }

    private int apply(Repository repo, Printer p) throws IOException {
        IOException first = null;
        for (String name : names) {
            Optional<Migration> found = Migrations.find(name);
            if (found.isEmpty()) {
                p.warn("unknown migration " + name);
                continue;
            }
            Migration m = found.get();
            Optional<String> reason = m.reasonNotApplicable(repo);
            if (reason.isPresent()) {
                if (!force) {
                    p.warn("migration " + m.name() + " cannot be applied: " + reason.get());
                    p.warn("If you want to apply this migration anyway, re-run with option --force");
                    continue;
                }
                p.warn("check for migration " + m.name() + " failed, continuing anyway");
            }
            if (m.needsRepositoryCheck()) {
                p.info("checking repository integrity...");
                Checker.Summary summary = new Checker(repo, Checker.Options.forRepository(repo))
                        .run(null, new Random(), f -> {
                            if (f.isError()) p.warn("error: " + f.message());
                        });
                if (summary.hasErrors()) throw new CliException("repository contains errors");
                p.info("no errors were found");
            }
            p.info("applying migration " + m.name() + "...");
            try {
                m.apply(repo);
            } catch (IOException e) {
                p.warn("migration " + m.name() + " failed: " + e.getMessage());
                if (first == null) first = e;
                continue;
            }
            p.info("migration " + m.name() + ": success");
        }
        if (first != null) throw first;
        return ExitCode.OK;
    }
}

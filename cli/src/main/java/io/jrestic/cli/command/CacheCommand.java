package io.jrestic.cli.command;

import io.jrestic.cache.CacheDirectories;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.output.Sizes;
import io.jrestic.cli.output.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cache}: lists the repository caches in the cache directory (shared with restic), with when each was last
 * used, whether it is old and its size; {@code --cleanup} removes the old ones. Opens no repository.
 */
@Command(name = "cache", description = "Operate on local cache directories")
public final class CacheCommand extends RepositoryCommand {
    @Option(names = "--cleanup", description = "remove old cache directories")
    boolean cleanup;

    @Option(names = "--max-age", paramLabel = "days", defaultValue = "" + CacheDirectories.MAX_AGE_DAYS,
            description = "max age in days for cache directories to be considered old (default: 30)")
    int maxAgeDays;

    @Option(names = "--no-size", description = "do not output the size of the cache directories")
    boolean noSize;

    @Parameters(arity = "0..*", hidden = true)
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!arguments.isEmpty()) {
            throw new CliException("the cache command expects no arguments, only options - please see `restic help cache` for usage and flags");
        }
        if (global().noCache()) throw new CliException("Refusing to do anything, the cache is disabled");
        if (maxAgeDays < 0) throw new CliException("invalid argument \"" + maxAgeDays + "\" for \"--max-age\" flag");
        Path base = global().cacheBase().orElseThrow(() -> new CliException(
                "unable to locate cache directory: neither $XDG_CACHE_HOME nor $HOME are defined"));
        Duration maxAge = Duration.ofDays(maxAgeDays);
        Instant now = Instant.now();
        if (cleanup || global().cleanupCache()) {
            List<CacheDirectories.Entry> old = CacheDirectories.olderThan(base, maxAge, now);
            if (old.isEmpty()) {
                printer().info("no old cache dirs found");
                return ExitCode.OK;
            }
            printer().info("remove " + old.size() + " old cache directories");
            CacheDirectories.removeAll(old, printer()::warn);
            return ExitCode.OK;
        }
        List<CacheDirectories.Entry> all = CacheDirectories.all(base);
        if (all.isEmpty()) {
            printer().result("no cache dirs found, basedir is " + base);
            return ExitCode.OK;
        }
        List<String> headers = new ArrayList<>(List.of("Repo ID", "Last Used", "Old"));
        if (!noSize) headers.add("Size");
        Table table = new Table(headers);
        for (CacheDirectories.Entry e : all) {
            String name = e.name().startsWith("restic-check-cache-") ? e.name() : e.name().substring(0, 10);
            List<String> row = new ArrayList<>(List.of(name,
                    Math.max(0, Duration.between(e.lastUsed(), now).toDays()) + " days ago", e.isOld(maxAge, now) ? "yes" : ""));
            if (!noSize) row.add(String.format("%11s", Sizes.format(e.size())));
            table.add(row);
        }
        table.lines(false).forEach(printer()::result);
        printer().result(all.size() + " cache dirs in " + base);
        return ExitCode.OK;
    }
}

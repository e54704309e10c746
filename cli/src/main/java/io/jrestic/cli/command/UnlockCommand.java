package io.jrestic.cli.command;

import io.jrestic.cli.ExitCode;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unlock}: removes stale locks (older than 30 minutes, or of dead processes on this host), or all. */
@Command(name = "unlock", description = "Remove locks other processes created")
public final class UnlockCommand extends RepositoryCommand {
    @Option(names = "--remove-all", description = "remove all locks, even non-stale ones")
    boolean removeAll;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = global().openRepository()) {
            int removed = RepositoryLock.removeLocks(repo, removeAll);
            if (removed > 0) printer().info("successfully removed " + removed + " locks");
            else printer().info("no locks to remove");
        }
        return ExitCode.OK;
    }
}

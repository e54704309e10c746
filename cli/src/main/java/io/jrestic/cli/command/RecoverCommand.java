package io.jrestic.cli.command;

import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repair.TreeRecovery;
import io.jrestic.repository.Repository;
import io.jrestic.repository.SystemIdentity;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * {@code recover}: saves the trees no snapshot reaches any more under a new snapshot of {@code /recover}, as restic
 * does, with a shared lock even with --no-lock; see {@link TreeRecovery}.
 */
@Command(name = "recover", description = "Recover data from the repository not referenced by snapshots")
public final class RecoverCommand extends RepositoryCommand {
    @Override
    public Integer call() throws Exception {
        Printer p = printer().asText(); // restic's recover has no JSON output: its text goes to stdout
        try (Repository repo = global().openRepository();
             // always locked, as restic: it names trees that a concurrent prune would be deleting
             RepositoryLock lock = RepositoryLock.acquire(repo, false)) {
            p.info("load index files");
            repo.loadIndex();
            TreeRecovery recovery = new TreeRecovery(repo, RepairCommand.listener(p));
            Set<Id> roots = recovery.unreferencedRoots();
            for (Id root : roots) p.verbose("found root tree " + root.toShortString());
            p.result("");
            p.result("found " + roots.size() + " unreferenced roots");
            if (roots.isEmpty()) {
                p.info("no snapshot to write.");
                return ExitCode.OK;
            }
            Id snapshot = recovery.saveSnapshot(roots, SystemIdentity.hostName(), GoTime.local(Instant.now()));
            p.result("saved new snapshot " + snapshot.toShortString());
        }
        return ExitCode.OK;
    }
}

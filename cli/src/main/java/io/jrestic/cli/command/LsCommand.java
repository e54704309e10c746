package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.output.GoText;
import io.jrestic.cli.output.LsOutput;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.tree.NodeType;
import io.jrestic.walker.TreeWalker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ls}: lists a snapshot's nodes in tree order. Without directory arguments everything is listed; with them,
 * each directory and its direct children (everything below with {@code --recursive}), as restic 0.14 does.
 */
@Command(name = "ls", description = "List files in a snapshot")
public final class LsCommand extends RepositoryCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "snapshotID")
    String snapshot;

    @Parameters(index = "1..*", paramLabel = "dir")
    List<String> dirs = new ArrayList<>();

    @Option(names = {"-l", "--long"}, description = "use a long listing format showing size and mode")
    boolean longFormat;

    @Option(names = "--recursive", description = "include files in subfolders of the listed directories")
    boolean recursive;

    @Mixin
    SnapshotFilterOptions filter;

    @Override
    public Integer call() throws Exception {
        if (snapshot == null) throw new CliException("no snapshot ID specified");
        List<List<byte[]>> filters = new ArrayList<>();
        for (String d : dirs) {
            if (!d.startsWith("/")) throw new CliException("All path filters must be absolute, starting with a forward slash '/'");
            filters.add(TreeWalker.components(d.getBytes(StandardCharsets.UTF_8)));
        }
        Printer out = printer();
        // restic 0.14's ls reads without a lock (it only reads snapshot, index and tree files)
        try (Repository repo = global().openRepository()) {
            // restic 0.14 resolves the name as snapshots does: an unknown one is a warning, with nothing to list
            List<IdentifiedSnapshot> found = SnapshotSelection.select(repo, filter.filter(), List.of(snapshot), out);
            if (found.isEmpty()) return 0;
            IdentifiedSnapshot sn = found.getFirst();
            repo.loadIndex();
            if (out.json()) {
                out.jsonLine(LsOutput.snapshotJson(sn.id(), sn.snapshot()));
            } else {
                out.info("snapshot " + sn.id().toShortString() + " of [" + String.join(" ", sn.snapshot().paths())
                        + "] filtered by [" + String.join(" ", dirs) + "] at " + GoText.time(sn.snapshot().time()) + "):");
            }
            new TreeWalker(repo).walk(sn.snapshot().tree(), new byte[] {'/'}, (path, node) -> {
                List<byte[]> p = TreeWalker.components(path);
                if (filters.isEmpty() || filters.stream().anyMatch(f -> hasPrefix(f, p))) {
                    if (out.json()) out.jsonLine(LsOutput.nodeJson(path, node));
                    else line(out, longFormat ? LsOutput.longLine(path, node) : path);
                    if (recursive || filters.isEmpty()) return TreeWalker.Action.CONTINUE;
                }
                // descend only towards a listed directory that lies deeper
                if (filters.stream().anyMatch(f -> hasPrefix(p, f))) return TreeWalker.Action.CONTINUE;
                return node.type() == NodeType.DIR ? TreeWalker.Action.SKIP_SUBTREE : TreeWalker.Action.CONTINUE;
            });
        }
        out.out().flush();
        return ExitCode.OK;
    }

    private static void line(Printer out, byte[] bytes) {
        out.raw(bytes);
        out.out().write('\n');
    }

    /** True if {@code base}'s components are a prefix of (or equal to) {@code path}'s. */
    static boolean hasPrefix(List<byte[]> base, List<byte[]> path) {
        if (base.size() > path.size()) return false;
        for (int i = 0; i < base.size(); i++) {
            if (!Arrays.equals(base.get(i), path.get(i))) return false;
        }
        return true;
    }
}

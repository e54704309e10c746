package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.dump.ArchiveFormat;
import io.jrestic.dump.DumpPathException;
import io.jrestic.dump.Dumper;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dump}: a file's content, or a directory as a tar or zip archive, to stdout. */
@Command(name = "dump", description = "Print a backed-up file to stdout")
public final class DumpCommand extends RepositoryCommand {
    /** restic's exit code when the path cannot be dumped. */
    static final int PATH_ERROR = 2;
    private static final int OUTPUT_BUFFER = 1 << 16;

    @Parameters(paramLabel = "snapshotID file", arity = "0..*")
    List<String> args = new ArrayList<>();

    @Option(names = {"-a", "--archive"}, paramLabel = "format", defaultValue = "tar", description = "set archive format as \"tar\" or \"zip\" (default \"tar\")")
    String archive;

    @Mixin
    SnapshotFilterOptions filter;

    @Override
    public Integer call() throws Exception {
        if (args.size() != 2) throw new CliException("no file and no snapshot ID specified");
        ArchiveFormat format = switch (archive) {
            case "tar" -> ArchiveFormat.TAR;
            case "zip" -> ArchiveFormat.ZIP;
            // restic 0.14 reports this one without "Fatal: "
            default -> throw CliException.plain("unknown archive format \"" + archive + "\"");
        };
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().lock(repo, false)) {
            IdentifiedSnapshot sn = Snapshots.find(repo, args.get(0), filter.filter());
            repo.loadIndex();
            OutputStream out = new BufferedOutputStream(failingOnError(printer().out()), OUTPUT_BUFFER);
            try (Dumper dumper = new Dumper(repo, format, false)) {
                dumper.dump(sn.snapshot().tree(), args.get(1), out);
            } catch (DumpPathException e) {
                out.flush();
                printer().warn("cannot dump file: " + e.getMessage());
                return PATH_ERROR;
            }
            out.flush();
        }
        return ExitCode.OK;
    }

    /** A PrintStream hides write errors; a dump into a closed pipe must stop instead of reading on. */
    private static OutputStream failingOnError(PrintStream ps) {
        return new FilterOutputStream(ps) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ps.write(b, off, len);
                if (ps.checkError()) throw new IOException("writing to stdout failed");
            }
        };
    }
}

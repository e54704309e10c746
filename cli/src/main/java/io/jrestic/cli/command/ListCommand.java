package io.jrestic.cli.command;

import io.jrestic.backend.FileType;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code list}: IDs of the files of a type, or every blob ("blobs") with its type. */
@Command(name = "list", description = "List objects in the repository")
public final class ListCommand extends RepositoryCommand {
    @Parameters(index = "0", paramLabel = "[blobs|packs|index|snapshots|keys|locks]")
    String type;

    @Override
    public Integer call() throws Exception {
        FileType fileType = switch (type) {
            case "packs" -> FileType.PACK;
            case "index" -> FileType.INDEX;
            case "snapshots" -> FileType.SNAPSHOT;
            case "keys" -> FileType.KEY;
            case "locks" -> FileType.LOCK;
            case "blobs" -> null;
            default -> throw new CliException("invalid type \"" + type + "\"");
        };
        try (Repository repo = global().openRepository();
             RepositoryLock lock = fileType == FileType.LOCK ? null : global().lock(repo, false)) {
            if (fileType == null) {
                repo.loadIndex().forEach(e -> printer().result(e.blob().type().jsonName() + " " + e.blob().id()));
            } else {
                repo.list(fileType, info -> printer().result(info.handle().name()));
            }
        }
        return ExitCode.OK;
    }
}

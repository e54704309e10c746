package io.jrestic.cli.command;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import io.jrestic.json.JsonIndent;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.snapshot.SnapshotFilter;
import io.jrestic.walker.TreeWalker;
import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cat}: prints one repository object, decrypted, as restic does. */
@Command(name = "cat", description = "Print internal objects to stdout")
public final class CatCommand extends RepositoryCommand {
    @Parameters(index = "0", paramLabel = "[config|pack|blob|snapshot|index|key|masterkey|lock|tree]")
    String type;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
        boolean needsId = !type.equals("config") && !type.equals("masterkey");
        if (needsId && id == null) throw new CliException("type " + type + " needs an ID");
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().lock(repo, false)) {
            switch (type) {
                case "config" -> indented(repo.config().toJson());
                case "masterkey" -> indented(masterKeyJson(repo.key()));
                case "key" -> indented(repo.backend().load(FileHandle.of(FileType.KEY, repo.resolve(FileType.KEY, id))));
                case "lock" -> indented(repo.loadUnpacked(FileType.LOCK, repo.resolve(FileType.LOCK, id)));
                case "snapshot" -> {
                    Id sid = repo.resolve(FileType.SNAPSHOT, id);
                    indented(SnapshotCodec.encode(SnapshotCodec.decode(repo.loadUnpacked(FileType.SNAPSHOT, sid))));
                }
                case "index" -> {
                    byte[] json = repo.loadUnpacked(FileType.INDEX, repo.resolve(FileType.INDEX, id));
                    printer().raw(json); // restic prints the stored JSON (which ends in a newline) and one more
                    printer().out().println();
                }
                case "pack" -> {
                    try (InputStream in = repo.backend().openRange(FileHandle.of(FileType.PACK, repo.resolve(FileType.PACK, id)), 0, 0)) {
                        in.transferTo(printer().out());
                    }
                }
                case "blob" -> {
                    if (!Id.isValid(id)) throw new CliException("unable to parse ID: \"" + id + "\" is not 64 hex digits");
                    Id bid = Id.parse(id);
                    repo.loadIndex();
                    BlobType found = repo.index().has(BlobType.DATA, bid) ? BlobType.DATA
                            : repo.index().has(BlobType.TREE, bid) ? BlobType.TREE : null;
                    if (found == null) throw new CliException("blob not found");
                    printer().raw(repo.loadBlob(found, bid));
                }
                case "tree" -> {
                    // restic's `cat tree snapshot[:subfolder]`: the raw tree blob of that directory
                    int colon = id.indexOf(':');
                    String name = colon < 0 ? id : id.substring(0, colon);
                    String subfolder = colon < 0 ? "" : id.substring(colon + 1);
                    Id snapshotTree = Snapshots.find(repo, name, SnapshotFilter.ALL).snapshot().tree();
                    repo.loadIndex();
                    Id tree = new TreeWalker(repo).subtree(snapshotTree, subfolder.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    printer().raw(repo.loadBlob(BlobType.TREE, tree));
                }
                default -> throw new CliException("invalid type \"" + type + "\"");
            }
        }
        printer().out().flush();
        return ExitCode.OK;
    }

    private void indented(byte[] json) {
        printer().raw(JsonIndent.indent(json, "  "));
        printer().out().println();
    }

    /** The master key in restic's JSON shape ({@code r} as stored: clamped, as restic 0.14 prints it). */
    static byte[] masterKeyJson(CryptoKey key) {
        return new JsonWriter().beginObject()
                .name("mac").beginObject().name("k").base64(key.macK()).name("r").base64(key.macR()).endObject()
                .name("encrypt").base64(key.encryptionKey()).endObject().toByteArray();
    }
}

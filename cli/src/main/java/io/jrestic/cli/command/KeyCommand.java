package io.jrestic.cli.command;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.PasswordPrompt;
import io.jrestic.id.Id;
import io.jrestic.json.JsonWriter;
import io.jrestic.key.KdfParams;
import io.jrestic.key.KeyFile;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code key list|add|remove|passwd}: the key files that wrap the master key. */
@Command(name = "key", description = "Manage keys (passwords)")
public final class KeyCommand extends RepositoryCommand {
    @Parameters(index = "0", paramLabel = "[list|add|remove|passwd]")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID")
    String id;

    @Option(names = "--new-password-file", paramLabel = "file", description = "file from which to read the new password")
    String newPasswordFile;

    @Option(names = "--user", paramLabel = "user", description = "the username for new keys")
    String user;

    @Option(names = "--host", paramLabel = "host", description = "the hostname for new keys")
    String host;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public Integer call() throws Exception {
        try (Repository repo = global().openRepository()) {
            boolean exclusive = action.equals("remove") || action.equals("passwd");
            try (RepositoryLock lock = global().lock(repo, exclusive)) {
                switch (action) {
                    case "list" -> list(repo);
                    case "add" -> printer().info("saved new key as " + add(repo).toShortString());
                    case "remove" -> remove(repo);
                    case "passwd" -> {
                        Id fresh = add(repo);
                        repo.backend().remove(FileHandle.of(FileType.KEY, repo.keyId()));
                        printer().info("saved new key as " + fresh.toShortString());
                    }
                    default -> throw new CliException("unknown key action \"" + action + "\"");
                }
            }
        }
        return ExitCode.OK;
    }

    private Id add(Repository repo) throws java.io.IOException {
        byte[] password = PasswordPrompt.forNewKey(global(), newPasswordFile);
        return repo.addKey(password, KdfParams.forNewKey(), user, host);
    }

    private void remove(Repository repo) throws java.io.IOException {
        if (id == null) throw new CliException("key remove needs the ID of the key to remove");
        Id target = repo.resolve(FileType.KEY, id);
        if (target.equals(repo.keyId())) {
            throw new CliException("refusing to remove key currently used to access repository");
        }
        repo.backend().remove(FileHandle.of(FileType.KEY, target));
        printer().info("removed key " + target);
    }

    private void list(Repository repo) throws java.io.IOException {
        List<Id> ids = repo.list(FileType.KEY);
        ids.sort(null);
        if (printer().json()) {
            JsonWriter w = new JsonWriter().beginArray();
            for (Id k : ids) {
                KeyFile f = Repository.loadKeyFile(repo.backend(), k);
                w.beginObject().name("current").value(k.equals(repo.keyId())).name("id").value(k.toString())
                        .name("userName").value(f.username()).name("hostName").value(f.hostname())
                        .name("created").value(f.created().atZoneSameInstant(ZoneId.systemDefault()).format(TIME)).endObject();
            }
            printer().jsonLine(w.endArray().toByteArray());
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (Id k : ids) {
            KeyFile f = Repository.loadKeyFile(repo.backend(), k);
            rows.add(new String[] {(k.equals(repo.keyId()) ? "*" : " ") + k.toShortString(), f.username(), f.hostname(),
                    f.created().atZoneSameInstant(ZoneId.systemDefault()).format(TIME)});
        }
        String fmt = "%-10s  %-" + width(rows, 1, "User") + "s  %-" + width(rows, 2, "Host") + "s  %s";
        String header = String.format(fmt, " ID", "User", "Host", "Created");
        printer().result(header);
        printer().result("-".repeat(header.length()));
        for (String[] r : rows) printer().result(String.format(fmt, (Object[]) r).stripTrailing());
        printer().result("-".repeat(header.length()));
    }

    private static int width(List<String[]> rows, int col, String header) {
        int w = header.length();
        for (String[] r : rows) w = Math.max(w, r[col].length());
        return w;
    }
}

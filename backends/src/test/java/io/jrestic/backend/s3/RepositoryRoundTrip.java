package io.jrestic.backend.s3;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.BackupListener;
import io.jrestic.archiver.BackupOptions;
import io.jrestic.backend.Backend;
import io.jrestic.id.Id;
import io.jrestic.key.KdfParams;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.tree.Node;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A repository's life through the engine API, as the CLI's init/backup/restore would live it, plus stock restic as
 * the judge: what remote-backend end-to-end tests share. Each step opens the repository afresh and, like the CLI,
 * closes the backend it is given when done (the repository owns it).
 */
public final class RepositoryRoundTrip {
    public static final byte[] PASSWORD = "round-trip password".getBytes(StandardCharsets.UTF_8);
    /** A cheap scrypt setting so tests do not spend seconds deriving keys; restic reads any valid parameters. */
    private static final KdfParams TEST_KDF = new KdfParams(1024, 8, 1);

    private RepositoryRoundTrip() {
    }

    /** Initialises a version-2 repository on {@code backend}. */
    public static void init(Backend backend) throws IOException {
        Repository.init(backend, PASSWORD, 2, null, TEST_KDF, Repository.Settings.DEFAULT).close();
    }

    /** Backs up {@code data} as the file {@code /<filename>} under a shared lock, as {@code backup --stdin} does. */
    public static Id backup(Backend backend, byte[] data, String filename) throws IOException {
        try (Repository repo = Repository.open(backend, PASSWORD, null, Repository.Settings.DEFAULT);
             RepositoryLock lock = RepositoryLock.acquire(repo, false)) {
            repo.loadIndex();
            try (BlobSaver saver = repo.newBlobSaver();
                 Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), BackupListener.NONE)) {
                return archiver.backupStream(new ByteArrayInputStream(data), filename).snapshotId();
            }
        }
    }

    /** The content of {@code /<filename>} in the newest snapshot. */
    public static byte[] restore(Backend backend, String filename) throws IOException {
        try (Repository repo = Repository.open(backend, PASSWORD, null, Repository.Settings.DEFAULT)) {
            repo.loadIndex();
            IdentifiedSnapshot latest = Snapshots.loadAll(repo).stream()
                    .max(Comparator.comparing(s -> s.snapshot().time()))
                    .orElseThrow(() -> new AssertionError(backend.location() + ": no snapshot"));
            Id treeId = latest.snapshot().tree();
            String[] parts = filename.split("/");
            Node node = null;
            for (String part : parts) {
                Tree tree = TreeCodec.decode(repo.loadBlob(BlobType.TREE, treeId));
                node = tree.find(part.getBytes(StandardCharsets.UTF_8))
                        .orElseThrow(() -> new AssertionError(part + " is missing from the snapshot"));
                treeId = node.subtree();
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (Id blob : node.content()) content.writeBytes(repo.loadBlob(BlobType.DATA, blob));
            return content.toByteArray();
        }
    }

    /** True if stock restic is on the PATH. */
    public static boolean resticInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "restic"))) return true;
        }
        return false;
    }

    /** The outcome of a restic run. */
    public record Run(int exitCode, String output) {
    }

    /**
     * Runs stock restic with {@code environment} (plus the test password and a throwaway cache) and returns its exit
     * code and combined output; skips the test if restic is not installed.
     */
    public static Run restic(Path scratch, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        assumeTrue(resticInstalled(), "stock restic is not installed (apt-get install restic)");
        List<String> command = new ArrayList<>(List.of("restic", "--no-cache"));
        command.addAll(List.of(arguments));
        Path password = Files.createTempFile(scratch, "password", "");
        Files.write(password, PASSWORD);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(scratch.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("RESTIC_PASSWORD_FILE", password.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("restic " + String.join(" ", arguments) + " did not finish");
        }
        return new Run(process.exitValue(), output);
    }
}

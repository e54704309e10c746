package io.jrestic.backend.gcs;

import io.jrestic.archiver.Archiver;
import io.jrestic.archiver.BackupListener;
import io.jrestic.archiver.BackupOptions;
import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.gcs.fake.FakeGcsServer;
import io.jrestic.compress.CompressionMode;
import io.jrestic.config.Config;
import io.jrestic.index.IndexEntry;
import io.jrestic.key.KdfParams;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.IdentifiedSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end: a repository initialised and backed up through {@link GcsBackend} (against the fake server) is read
 * back through it, and its objects, copied into a directory, are a repository stock restic 0.14 checks and restores.
 */
class GcsRepositoryTest {
    private static final byte[] PASSWORD = "gcs test password".getBytes(StandardCharsets.UTF_8);
    /** Cheap scrypt parameters: the test is about storage, not key stretching. */
    private static final KdfParams QUICK_KDF = new KdfParams(1 << 10, 8, 1);
    private static final Repository.Settings SETTINGS =
            new Repository.Settings(CompressionMode.AUTO, (int) io.jrestic.pack.PackWriter.MIN_TARGET_SIZE);

    private FakeGcsServer server;

    @TempDir
    Path temp;

    @BeforeEach
    void start() throws IOException {
        server = FakeGcsServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBackupThroughGcsIsReadableAndAValidResticRepository() throws Exception {
        Path source = Files.createDirectories(temp.resolve("source"));
        Files.writeString(source.resolve("hello.txt"), "hello, gcs\n");
        Files.write(Files.createDirectories(source.resolve("sub")).resolve("random.bin"), random(3 << 20, 42));
        Files.write(source.resolve("sub/empty"), new byte[0]);

        try (Backend backend = GcsTestBackends.withRetries(server, "bkt:/restic/repo");
             Repository repo = Repository.init(backend, PASSWORD, Config.VERSION_2, null, QUICK_KDF, SETTINGS);
             BlobSaver saver = repo.newBlobSaver();
             Archiver archiver = new Archiver(repo, saver, BackupOptions.defaults(), BackupListener.NONE)) {
            Archiver.Result result = archiver.backup(List.of(source.toString()), null, null);
            assertEquals(3, result.statistics().filesNew());
        }

        assertTrue(server.requests().stream().anyMatch(r -> r.contains("uploadType=resumable")),
                "the data pack went through a resumable upload");
        assertTrue(server.requests().stream().anyMatch(r -> r.contains("uploadType=multipart")),
                "small files went in one request");
        assertEquals(0, server.uploadsNotChecksummed());

        try (Backend backend = GcsTestBackends.withRetries(server, "bkt:/restic/repo");
             Repository repo = Repository.open(backend, PASSWORD, null, SETTINGS)) {
            repo.loadIndex();
            List<IndexEntry> entries = new ArrayList<>();
            repo.index().forEach(entries::add);
            assertTrue(entries.size() >= 4, "data and tree blobs: " + entries.size());
            for (IndexEntry entry : entries) {
                byte[] blob = repo.loadBlob(entry); // checks the MAC and the blob ID
                assertEquals(entry.plaintextLength(), blob.length);
            }
            List<IdentifiedSnapshot> snapshots = Snapshots.loadAll(repo);
            assertEquals(1, snapshots.size());
            assertEquals(List.of(source.toString()), snapshots.getFirst().snapshot().paths());
        }

        Path copy = temp.resolve("copy");
        server.exportTo("bkt", "restic/repo", copy);
        assertTrue(Files.isRegularFile(copy.resolve(FileHandle.CONFIG.path())));
        assumeTrue(resticInstalled(), "stock restic is not installed");
        restic(copy, "check", "--read-data");
        Path restored = temp.resolve("restored");
        restic(copy, "restore", "latest", "--target", restored.toString());
        Path back = restored.resolve(source.toString().substring(1));
        assertArrayEquals(Files.readAllBytes(source.resolve("sub/random.bin")), Files.readAllBytes(back.resolve("sub/random.bin")));
        assertEquals("hello, gcs\n", Files.readString(back.resolve("hello.txt")));
        assertEquals(0, Files.size(back.resolve("sub/empty")));
    }

    private void restic(Path repository, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("restic", "--no-cache", "-r", repository.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RESTIC_PASSWORD", new String(PASSWORD, StandardCharsets.UTF_8));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "restic " + String.join(" ", arguments) + " finished");
        assertEquals(0, process.exitValue(), "restic " + String.join(" ", arguments) + ":\n" + output);
    }

    private static boolean resticInstalled() {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, "restic"))) return true;
        }
        return false;
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}

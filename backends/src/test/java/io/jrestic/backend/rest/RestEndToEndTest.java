package io.jrestic.backend.rest;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.s3.RepositoryRoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole repositories on a REST server ({@code rclone serve restic}): jrestic's backup checked by stock restic, restic's
 * backup restored by jrestic, an append-only server, and HTTP basic authentication.
 */
class RestEndToEndTest {
    @TempDir
    Path served;
    @TempDir
    Path scratch;

    private static Backend open(String url, Map<String, String> environment) throws IOException {
        return BackendRegistry.open("rest:" + url, Map.of(), environment);
    }

    private static byte[] sample(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }

    @Test
    void stockResticChecksARepositoryJresticWroteAndJresticRestoresOneResticWrote() throws Exception {
        try (RcloneRestServer server = RcloneRestServer.start(served)) {
            String jresticRepo = server.url() + "by-jrestic/";
            byte[] data = sample(2 << 20);
            RepositoryRoundTrip.init(open(jresticRepo, Map.of()));
            RepositoryRoundTrip.backup(open(jresticRepo, Map.of()), data, "dump.bin");
            assertArrayEquals(data, RepositoryRoundTrip.restore(open(jresticRepo, Map.of()), "dump.bin"));
            RepositoryRoundTrip.Run check = RepositoryRoundTrip.restic(scratch, Map.of(),
                    "-r", "rest:" + jresticRepo, "check", "--read-data");
            assertEquals(0, check.exitCode(), check.output());

            String resticRepo = server.url() + "by-restic/";
            Path source = Files.createDirectories(scratch.resolve("src"));
            Files.write(source.resolve("file.bin"), data);
            RepositoryRoundTrip.Run init = RepositoryRoundTrip.restic(scratch, Map.of(), "-r", "rest:" + resticRepo, "init");
            assertEquals(0, init.exitCode(), init.output());
            RepositoryRoundTrip.Run backup = RepositoryRoundTrip.restic(scratch, Map.of(),
                    "-r", "rest:" + resticRepo, "backup", source.toString());
            assertEquals(0, backup.exitCode(), backup.output());
            assertArrayEquals(data, RepositoryRoundTrip.restore(open(resticRepo, Map.of()),
                    source.toString().substring(1) + "/file.bin"));
        }
    }

    @Test
    void anAppendOnlyServerTakesBackupsButRefusesToDeleteSnapshotsWithAClearError() throws Exception {
        try (RcloneRestServer server = RcloneRestServer.start(served, "--append-only")) {
            String repo = server.url() + "append-only/";
            byte[] data = sample(1 << 20);
            RepositoryRoundTrip.init(open(repo, Map.of()));
            // A backup creates and then deletes its lock: the one delete an append-only server allows.
            RepositoryRoundTrip.backup(open(repo, Map.of()), data, "dump.bin");
            RepositoryRoundTrip.backup(open(repo, Map.of()), sample(1000), "second.bin");
            assertArrayEquals(sample(1000), RepositoryRoundTrip.restore(open(repo, Map.of()), "second.bin"));

            try (Backend backend = open(repo, Map.of())) {
                List<FileInfo> snapshots = new ArrayList<>();
                backend.list(FileType.SNAPSHOT, snapshots::add);
                assertEquals(2, snapshots.size());
                List<FileInfo> locks = new ArrayList<>();
                backend.list(FileType.LOCK, locks::add);
                assertEquals(List.of(), locks);

                FileHandle snapshot = snapshots.getFirst().handle();
                AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> backend.remove(snapshot));
                assertTrue(e.getMessage().startsWith("rest:" + repo + "snapshots/" + snapshot.name()
                        + ": deleting is forbidden (403"), e.getMessage());
                assertTrue(e.getMessage().endsWith("is the server append-only?"), e.getMessage());
                assertTrue(backend.exists());

                byte[] config = backend.load(FileHandle.CONFIG);
                assertThrows(FileAlreadyExistsException.class,
                        () -> backend.save(FileHandle.CONFIG, ByteSource.of("replacement".getBytes(StandardCharsets.UTF_8))));
                assertArrayEquals(config, backend.load(FileHandle.CONFIG));
            }
            RepositoryRoundTrip.Run check = RepositoryRoundTrip.restic(scratch, Map.of(),
                    "-r", "rest:" + repo, "check", "--read-data");
            assertEquals(0, check.exitCode(), check.output());
        }
    }

    @Test
    void basicAuthComesFromTheUrlOrTheEnvironmentAndThePasswordIsNeverShown() throws Exception {
        try (RcloneRestServer server = RcloneRestServer.start(served, "--user", "backup", "--pass", "s3cr3t-pw")) {
            String url = server.url() + "auth/";
            try (Backend anonymous = open(url, Map.of())) {
                IOException e = assertThrows(IOException.class, anonymous::create);
                assertFalse(RetryingBackend.isTransient(e), e.toString());
                assertTrue(e.getMessage().contains("401"), e.getMessage());
            }
            String withUser = url.replace("http://", "http://backup:s3cr3t-pw@");
            try (Backend backend = open(withUser, Map.of())) {
                assertEquals("rest:" + url.replace("http://", "http://backup:***@"), backend.location());
                backend.create();
                backend.save(FileHandle.CONFIG, ByteSource.of(new byte[] {1, 2, 3}));
            }
            try (Backend backend = open(url, Map.of("RESTIC_REST_USERNAME", "backup", "RESTIC_REST_PASSWORD", "s3cr3t-pw"))) {
                assertArrayEquals(new byte[] {1, 2, 3}, backend.load(FileHandle.CONFIG));
            }
            try (Backend wrong = open(url.replace("http://", "http://backup:wrong-pw@"), Map.of())) {
                IOException e = assertThrows(IOException.class, () -> wrong.load(FileHandle.CONFIG));
                assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
                assertFalse(e.getMessage().contains("s3cr3t-pw"), e.getMessage());
            }
        }
    }
}

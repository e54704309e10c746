package io.jrestic.cli.startup;

import io.jrestic.cli.Environment;
import io.jrestic.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher keeps a start-up cache only from a training run in which every command succeeded, on a local
 * repository and on the training S3 endpoint.
 */
class StartupTrainingTest {

    @Test
    void everyTrainingCommandSucceedsAndLeavesOneSnapshotAfterForget(@TempDir Path dir) throws IOException {
        List<String> failed = StartupTraining.train(dir, true);

        assertEquals(List.of(), failed);
        assertTrue(Files.isRegularFile(dir.resolve("restore").resolve(dir.resolve("source").toString().substring(1))
                .resolve("large.dump")), "restore wrote the large file");
        Path fromS3 = dir.resolve("restore-s3").resolve(dir.resolve("source").toString().substring(1));
        try (var files = Files.list(dir.resolve("source/d1"))) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(fromS3.resolve("d1").resolve(f.getFileName())),
                        "restored through the training S3 endpoint: " + f.getFileName());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(new String[] {"list", "snapshots"}, print, print, new Environment(Map.of(
                "RESTIC_REPOSITORY", dir.resolve("repo").toString(), "RESTIC_PASSWORD", "training",
                "RESTIC_CACHE_DIR", dir.resolve("cache").toString())));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertEquals(1, out.toString(StandardCharsets.UTF_8).strip().lines().count(), "forget --keep-last 1 kept one");
    }
}

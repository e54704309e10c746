package io.jrestic.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {
    @TempDir
    Path tmp;
    Path src;
    Path repo;
    byte[] data;

    @BeforeEach
    void backUp() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        data = new byte[200_000];
        new Random(5).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        Files.createDirectories(src.resolve("docs"));
        Files.writeString(src.resolve("docs/readme.txt"), "read me\n");
        Files.setLastModifiedTime(src.resolve("docs/readme.txt"), FileTime.from(java.time.Instant.parse("2020-01-02T03:04:05.123456789Z")));
        repo = CliRun.repositoryWithBackupOf(tmp, src);
    }

    @Test
    void restoresTheSnapshotAndSaysWhatItRestoresWhere() throws IOException {
        Path target = tmp.resolve("out");
        CliRun.Result r = CliRun.jrestic(repo, "restore", "latest", "--target", target.toString(), "--verify");

        assertEquals(0, r.code(), r.err());
        String[] lines = r.text().split("\n");
        assertTrue(lines[0].matches("restoring <Snapshot [0-9a-f]{8} of \\[" + src + "] at .* by .*@.*> to " + target), lines[0]);
        assertEquals("verifying files in " + target, lines[1]);
        assertTrue(lines[2].matches("finished verifying 2 files in " + target + " \\(took [0-9.]+m?s\\)"), lines[2]);
        Path restored = target.resolve(src.toString().substring(1));
        assertArrayEquals(data, Files.readAllBytes(restored.resolve("data.bin")));
        assertEquals(Files.getLastModifiedTime(src.resolve("docs/readme.txt")), Files.getLastModifiedTime(restored.resolve("docs/readme.txt")));
    }

    @Test
    void restoresASubfolderWithIncludes() throws IOException {
        Path target = tmp.resolve("out");
        CliRun.Result r = CliRun.jrestic(repo, "restore", "latest:" + src + "/docs", "-t", target.toString(), "--include", "*.txt");

        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(java.util.List.of(target.resolve("readme.txt")), s.toList());
        }
    }

    @Test
    void refusesMissingTargetsAndMixedFilters() {
        CliRun.Result noTarget = CliRun.jrestic(repo, "restore", "latest");
        assertEquals(1, noTarget.code());
        assertEquals("Fatal: please specify a directory to restore to (--target)\n", noTarget.err());
        CliRun.Result mixed = CliRun.jrestic(repo, "restore", "latest", "-t", "x", "-i", "a", "-e", "b");
        assertEquals("Fatal: exclude and include patterns are mutually exclusive\n", mixed.err());
        CliRun.Result noId = CliRun.jrestic(repo, "restore", "-t", "x");
        assertEquals("Fatal: no snapshot ID specified\n", noId.err());
    }

    @Test
    void damagedDataIsReportedPerFileAndFailsTheRun() throws IOException {
        // Flip a byte 1000 bytes into each data pack: inside data.bin's blob whichever comes first (readme.txt is 8 bytes).
        try (Stream<Path> packs = Files.walk(repo.resolve("data"))) {
            for (Path p : packs.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                if (bytes.length < 100_000) continue; // the small pack holds the trees
                bytes[1000] ^= 1;
                Files.write(p, bytes);
            }
        }
        Path target = tmp.resolve("out");
        CliRun.Result r = CliRun.jrestic(repo, "restore", "latest", "--target", target.toString());

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ignoring error for " + src + "/data.bin: "), r.err());
        assertTrue(r.err().endsWith("Fatal: There were 1 errors\n"), r.err());
        Path restored = target.resolve(src.toString().substring(1));
        assertFalse(Files.exists(restored.resolve("data.bin")));
        assertEquals("read me\n", Files.readString(restored.resolve("docs/readme.txt")));
    }
}

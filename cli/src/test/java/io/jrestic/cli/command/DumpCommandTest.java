package io.jrestic.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpCommandTest {
    @TempDir
    Path tmp;
    Path src;
    Path repo;
    byte[] data;

    @BeforeEach
    void backUp() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        data = new byte[1_200_000];
        new Random(9).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        Path deep = Files.createDirectories(src.resolve("x".repeat(70) + "/" + "y".repeat(70)));
        Files.writeString(deep.resolve("naïve.txt"), "long and non-ASCII path\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("data.bin"));
        Files.writeString(src.resolve("empty"), "");
        repo = CliRun.repositoryWithBackupOf(tmp, src);
    }

    @Test
    void dumpsAFileToStdout() {
        CliRun.Result r = CliRun.jrestic(repo, "dump", "latest", src + "/data.bin");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(data, r.out());
    }

    @Test
    void aPathThatIsNotThereExitsWithTwo() {
        CliRun.Result r = CliRun.jrestic(repo, "dump", "latest", src + "/nope");
        assertEquals(2, r.code());
        assertEquals("cannot dump file: path \"" + src + "/nope\" not found in snapshot\n", r.err());
        assertEquals("Fatal: no file and no snapshot ID specified\n", CliRun.jrestic(repo, "dump", "latest").err());
    }

    @Test
    void tarOutputIsByteIdenticalToStockRestics() throws IOException, InterruptedException {
        Assumptions.assumeTrue(StockRestic.installed(), "restic is not on PATH");
        for (List<String> args : List.of(List.of("dump", "latest", src.toString()), List.of("dump", "latest", "/"),
                List.of("dump", "latest", src + "/data.bin"))) {
            CliRun.Result theirs = CliRun.restic(repo, args.toArray(String[]::new));
            assertEquals(0, theirs.code(), theirs.err());
            CliRun.Result ours = CliRun.jrestic(repo, args.toArray(String[]::new));
            assertEquals(0, ours.code(), ours.err());
            assertEquals(theirs.out().length, ours.out().length, String.join(" ", args));
            assertArrayEquals(theirs.out(), ours.out(), String.join(" ", args));
        }
    }
}

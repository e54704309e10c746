package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic reads RESTIC_COMPRESSION, RESTIC_PACK_SIZE and RESTIC_READ_CONCURRENCY as defaults and takes its own default
 * when one cannot be parsed: a stray variable must not stop a scheduled backup. The same value as a flag is an error.
 */
class EnvironmentDefaultsTest {
    @TempDir
    Path tmp;

    @Test
    void aVariableThatCannotBeParsedIsIgnoredWithAWarning() throws IOException {
        Path repo = tmp.resolve("repo");
        Files.writeString(tmp.resolve("file"), "data");
        CliRun cli = new CliRun().env("RESTIC_PASSWORD", "pw").env("RESTIC_REPOSITORY", repo.toString());
        assertEquals(0, cli.run("init").exitCode());
        CliRun.Result r = cli.env("RESTIC_COMPRESSION", "fastest").env("RESTIC_PACK_SIZE", "16M")
                .env("RESTIC_READ_CONCURRENCY", "x").run("backup", "-q", tmp.resolve("file").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of(
                "ignoring RESTIC_COMPRESSION=\"fastest\" (want auto, off or max), using the default",
                "ignoring RESTIC_PACK_SIZE=\"16M\" (want a size in MiB), using the default",
                "ignoring RESTIC_READ_CONCURRENCY=\"x\" (want a number of files), using the default"),
                List.of(r.errLines()).stream().sorted().toList());

        CliRun.Result flag = cli.run("backup", "--compression", "fastest", tmp.resolve("file").toString());
        assertEquals(1, flag.exitCode());
        String[] lines = flag.errLines();
        assertTrue(lines[lines.length - 1].startsWith("Fatal: invalid compression mode"), flag.err());
    }
}

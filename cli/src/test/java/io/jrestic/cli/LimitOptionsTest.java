package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --limit-upload and --limit-download: restic's global flags, in KiB/s, 0 for unlimited. */
class LimitOptionsTest {
    @TempDir
    Path tmp;

    private static CliRun cli() {
        return new CliRun().env("RESTIC_PASSWORD", "pw");
    }

    @Test
    void aRepositoryWrittenAndReadUnderLimitsWorks() throws IOException {
        Path repo = tmp.resolve("repo");
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] data = new byte[3 << 20];
        new Random(42).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        Files.writeString(src.resolve("small.txt"), "limited\n");

        ok(limited("-r", repo.toString(), "init"));
        ok(limited("-r", repo.toString(), "backup", src.toString()));
        ok(limited("-r", repo.toString(), "check", "--read-data"));
        Path target = tmp.resolve("target");
        ok(limited("-r", repo.toString(), "restore", "latest", "--target", target.toString()));

        Path restored = target.resolve(src.toString().substring(1));
        assertArrayEquals(data, Files.readAllBytes(restored.resolve("data.bin")));
        assertEquals("limited\n", Files.readString(restored.resolve("small.txt")));
    }

    @Test
    void zeroMeansUnlimited() {
        ok(cli().run("--limit-upload", "0", "--limit-download=0", "-r", tmp.resolve("repo").toString(), "init"));
    }

    @Test
    void ratesBeyondTwoTebibytesASecondAreTakenAsRestic64BitFlagTakesThem() {
        ok(cli().run("--limit-upload", "3000000000", "--limit-download", "9223372036854775807", "-r",
                tmp.resolve("repo").toString(), "init"));
        ok(cli().run("--limit-download", "9223372036854775807", "-r", tmp.resolve("repo").toString(), "snapshots"));
    }

    @Test
    void aNegativeRateIsOneFatalLine() {
        CliRun.Result upload = cli().run("--limit-upload", "-1", "-r", tmp.resolve("repo").toString(), "init");
        assertEquals(ExitCode.FAILURE, upload.exitCode());
        assertArrayEquals(new String[] {"Fatal: --limit-upload must be a rate in KiB/s or 0 for unlimited, not -1"},
                upload.errLines());

        CliRun.Result download = cli().run("snapshots", "-r", tmp.resolve("repo").toString(), "--limit-download=-5");
        assertEquals(ExitCode.FAILURE, download.exitCode());
        assertArrayEquals(new String[] {"Fatal: --limit-download must be a rate in KiB/s or 0 for unlimited, not -5"},
                download.errLines());
    }

    private static void ok(CliRun.Result result) {
        assertEquals(0, result.exitCode(), result.err());
    }

    /** Runs {@code args} with both limits at 100000 KiB/s, high enough not to slow the test down. */
    private static CliRun.Result limited(String... args) {
        return cli().run(Stream.concat(Stream.of("--limit-upload", "100000", "--limit-download", "100000"),
                Arrays.stream(args)).toArray(String[]::new));
    }
}

package io.jrestic.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.testkit.ChildProcess;
import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        Path readOnly = Files.writeString(src.resolve("read-only~"), "a tilde needs the zip UTF-8 flag\n");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r-----"));
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

    @Test
    void zipOutputIsByteIdenticalToStockRestics() throws IOException, InterruptedException {
        Assumptions.assumeTrue(StockRestic.installed(), "restic is not on PATH");
        for (List<String> args : List.of(List.of("dump", "--archive", "zip", "latest", src.toString()),
                List.of("dump", "-a", "zip", "latest", "/"), List.of("dump", "--archive", "zip", "latest", src + "/data.bin"))) {
            CliRun.Result theirs = CliRun.restic(repo, args.toArray(String[]::new));
            assertEquals(0, theirs.code(), theirs.err());
            CliRun.Result ours = CliRun.jrestic(repo, args.toArray(String[]::new));
            assertEquals(0, ours.code(), ours.err());
            if (!Arrays.equals(theirs.out(), ours.out()) && ChildProcess.onPath("unzip")) {
                // the listings (names, sizes, modes, times, method, flags, extra fields) say where they differ
                assertEquals(zipListing(theirs.out()), zipListing(ours.out()), String.join(" ", args));
            }
            assertArrayEquals(theirs.out(), ours.out(), String.join(" ", args));
        }
        assertArrayEquals(data, CliRun.jrestic(repo, "dump", "-a", "zip", "latest", src + "/data.bin").out(),
                "a single file is its bytes, whatever the archive format");
    }

    @Test
    void zipTimesAreTheWallClockOfTheRecordedOffsetLikeRestics() throws IOException, InterruptedException {
        Assumptions.assumeTrue(StockRestic.installed(), "restic is not on PATH");
        // restic records mtimes in its local zone; the MS-DOS date and time fields are that zone's wall clock
        Path other = tmp.resolve("repo-st-johns");
        Map<String, String> env = Map.of("RESTIC_PASSWORD", CliRun.PASSWORD, "TZ", "America/St_Johns");
        for (List<String> args : List.of(List.of("init"), List.of("backup", src.toString()))) {
            List<String> command = new ArrayList<>(List.of(StockRestic.EXECUTABLE, "-r", other.toString(), "--no-cache"));
            command.addAll(args);
            ChildProcess.Output o = ChildProcess.run(command, env, new byte[0], null, ChildProcess.DEFAULT_LIMIT);
            assertEquals(0, o.exitCode(), o.err());
        }
        CliRun.Result theirs = CliRun.restic(other, "dump", "-a", "zip", "latest", src.toString());
        assertEquals(0, theirs.code(), theirs.err());
        CliRun.Result ours = CliRun.jrestic(other, "dump", "-a", "zip", "latest", src.toString());
        assertEquals(0, ours.code(), ours.err());
        assertArrayEquals(theirs.out(), ours.out());
    }

    @Test
    void unzipExtractsTheDumpedDirectory() throws IOException, InterruptedException {
        Assumptions.assumeTrue(ChildProcess.onPath("unzip"), "unzip is not on PATH");
        CliRun.Result r = CliRun.jrestic(repo, "dump", "--archive", "zip", "latest", src.toString());
        assertEquals(0, r.code(), r.err());
        Path x = Files.createDirectories(tmp.resolve("x"));
        Path zip = Files.write(tmp.resolve("dump.zip"), r.out());
        unzip("-q", zip.toString(), "-d", x.toString());
        Path out = x.resolve(src.toString().substring(1));
        assertArrayEquals(data, Files.readAllBytes(out.resolve("data.bin")));
        assertEquals("long and non-ASCII path\n", Files.readString(out.resolve("x".repeat(70) + "/" + "y".repeat(70) + "/naïve.txt")));
        assertEquals(Path.of("data.bin"), Files.readSymbolicLink(out.resolve("link")));
        assertEquals(0, Files.size(out.resolve("empty")));
        assertEquals("r--r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("read-only~"))));
        assertEquals(Files.getLastModifiedTime(src.resolve("data.bin")).toInstant().getEpochSecond(),
                Files.getLastModifiedTime(out.resolve("data.bin")).toInstant().getEpochSecond());
    }

    @Test
    void anUnknownArchiveFormatIsRejectedWithoutFatalLikeRestic() {
        CliRun.Result r = CliRun.jrestic(repo, "dump", "--archive", "rar", "latest", src.toString());
        assertEquals(1, r.code());
        assertEquals("unknown archive format \"rar\"\n", r.err());
        if (StockRestic.installed()) {
            CliRun.Result theirs = CliRun.restic(repo, "dump", "--archive", "rar", "latest", src.toString());
            assertEquals(theirs.code(), r.code());
            assertEquals(theirs.err(), r.err());
        }
    }

    /** {@code unzip -Z -v}: every header field of every entry, without the archive's file name. */
    private String zipListing(byte[] zip) throws IOException {
        Path f = Files.write(tmp.resolve("listing.zip"), zip);
        return unzip("-Z", "-v", f.toString()).replace(f.toString(), "<zip>");
    }

    private static String unzip(String... args) {
        List<String> command = new ArrayList<>(List.of("unzip"));
        command.addAll(List.of(args));
        ChildProcess.Output o = ChildProcess.run(command, Map.of(), new byte[0], null, ChildProcess.DEFAULT_LIMIT);
        assertEquals(0, o.exitCode(), String.join(" ", command) + ": " + o.err());
        return new String(o.stdout(), StandardCharsets.UTF_8);
    }
}

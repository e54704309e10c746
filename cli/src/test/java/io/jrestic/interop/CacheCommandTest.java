package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache command and --cleanup-cache, on a cache directory shared with stock restic: the same table, and the same
 * directories removed (those unused for longer than the maximum age; never other files).
 */
class CacheCommandTest {
    private static final String PASSWORD = "cache-command";

    @TempDir
    Path tmp;

    /** A cache base with this repository's cache (fresh), an old one, a very old one and a file that is no cache. */
    private Path cacheBase(Jrestic jrestic) throws IOException {
        Path base = tmp.resolve("cache");
        Files.createDirectories(base);
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("file"), "data");
        jrestic.run("--cache-dir", base.toString(), "backup", src.toString()).ok();
        oldCache(base, "1".repeat(64), Duration.ofDays(45), 5000);
        oldCache(base, "2".repeat(64), Duration.ofDays(400), 3_000_000);
        Files.createDirectory(base.resolve("not-a-cache"));
        return base;
    }

    private static void oldCache(Path base, String name, Duration unusedFor, int bytes) throws IOException {
        Path dir = Files.createDirectories(base.resolve(name).resolve("snapshots/11"));
        Files.write(dir.resolve("1".repeat(64)), new byte[bytes]);
        Files.setLastModifiedTime(base.resolve(name), FileTime.from(Instant.now().minus(unusedFor)));
    }

    private static List<String> names(Path base) throws IOException {
        try (Stream<Path> s = Files.list(base)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static CommandResult restic(String... args) {
        List<String> command = new ArrayList<>(List.of("restic"));
        command.addAll(List.of(args));
        return Restic.execute(command, Map.of("PATH", System.getenv("PATH")), new byte[0]);
    }

    @Test
    void theTableListsEveryCacheAsResticListsIt() throws IOException {
        Restic.assumeInstalled();
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        Path base = cacheBase(jrestic);
        for (List<String> flags : List.of(List.<String>of(), List.of("--no-size"), List.of("--max-age", "500"))) {
            List<String> args = new ArrayList<>(List.of("cache", "--cache-dir", base.toString()));
            args.addAll(flags);
            CommandResult theirs = restic(args.toArray(String[]::new)).ok();
            CommandResult ours = jrestic.run(args.toArray(String[]::new)).ok();
            assertEquals(theirs.out(), ours.out(), String.join(" ", flags));
        }
        CommandResult empty = jrestic.run("cache", "--cache-dir", tmp.resolve("none").toString()).ok();
        assertEquals("no cache dirs found, basedir is " + tmp.resolve("none") + "\n", empty.out());
    }

    @Test
    void cleanupRemovesTheOldCachesOnly() throws IOException {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        Path base = cacheBase(jrestic);
        List<String> before = names(base);

        jrestic.run("cache", "--cache-dir", base.toString(), "--cleanup", "--max-age", "100").ok();
        List<String> expected = new ArrayList<>(before);
        expected.remove("2".repeat(64));
        assertEquals(expected, names(base));

        CommandResult none = jrestic.run("cache", "--cache-dir", base.toString(), "--cleanup", "--max-age", "100").ok();
        assertEquals("no old cache dirs found\n", none.out());
    }

    @Test
    void aCommandRemovesOldCachesOnlyWhenAskedTo() throws IOException {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        Path base = cacheBase(jrestic);
        List<String> before = names(base);

        jrestic.run("--cache-dir", base.toString(), "snapshots").ok();
        assertEquals(before, names(base), "old caches may belong to a restic still in use: kept unless asked");

        jrestic.run("--cache-dir", base.toString(), "--cleanup-cache", "snapshots").ok();
        List<String> expected = new ArrayList<>(before);
        expected.removeAll(List.of("1".repeat(64), "2".repeat(64)));
        assertEquals(expected, names(base));
        assertTrue(expected.contains("not-a-cache") && expected.contains("CACHEDIR.TAG"), expected.toString());
    }

    @Test
    void theCacheCommandRefusesArgumentsAndADisabledCache() {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        CommandResult arguments = jrestic.run("cache", "extra");
        assertEquals(1, arguments.exitCode(), arguments::describe);
        assertEquals(List.of("Fatal: the cache command expects no arguments, only options - please see `restic help cache` for usage and flags"),
                arguments.errLines());
        CommandResult disabled = jrestic.run("--no-cache", "cache");
        assertEquals(List.of("Fatal: Refusing to do anything, the cache is disabled"), disabled.errLines());
    }
}

package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cache-dir, --no-cache and the cache's default location, as restic resolves them. */
class CacheOptionsTest {
    @TempDir
    Path tmp;
    Path repo;
    Path src;

    @BeforeEach
    void createRepository() throws IOException {
        repo = tmp.resolve("repo");
        src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("file.txt"), "cached metadata\n");
        CliRun.Result init = cli().run("init", "-r", repo.toString());
        assertEquals(0, init.exitCode(), init.err());
    }

    private static CliRun cli() {
        return new CliRun().env("RESTIC_PASSWORD", "pw");
    }

    /** The single repository directory in a cache base, named by the repository ID. */
    private static Path repositoryCache(Path base) throws IOException {
        try (Stream<Path> dirs = Files.list(base)) {
            List<Path> found = dirs.filter(Files::isDirectory).toList();
            assertEquals(1, found.size(), "one repository cached in " + base);
            return found.getFirst();
        }
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void cacheDirHoldsTheSnapshotIndexAndTreePackOfABackup() throws IOException {
        Path cache = tmp.resolve("cache");
        CliRun.Result backup = cli().run("-r", repo.toString(), "--cache-dir", cache.toString(), "backup", src.toString());
        assertEquals(0, backup.exitCode(), backup.err());
        assertEquals("", backup.err());

        Path dir = repositoryCache(cache);
        assertTrue(Files.isRegularFile(cache.resolve("CACHEDIR.TAG")));
        assertEquals(1, files(dir.resolve("snapshots")));
        assertEquals(1, files(dir.resolve("index")));
        assertEquals(1, files(dir.resolve("data")), "the tree pack only");
        CliRun.Result config = cli().run("-r", repo.toString(), "--no-cache", "cat", "config");
        assertTrue(config.out().contains("\"id\": \"" + dir.getFileName() + "\""), config.out());
    }

    @Test
    void resticCacheDirIsTheDefaultAndXdgCacheHomeTheFallback() throws IOException {
        Path explicit = tmp.resolve("explicit");
        Path xdg = tmp.resolve("xdg");
        assertEquals(0, cli().env("RESTIC_CACHE_DIR", explicit.toString()).env("XDG_CACHE_HOME", xdg.toString())
                .run("-r", repo.toString(), "backup", src.toString()).exitCode());
        assertEquals(1, files(repositoryCache(explicit).resolve("snapshots")));
        assertFalse(Files.exists(xdg));

        assertEquals(0, cli().env("XDG_CACHE_HOME", xdg.toString()).run("-r", repo.toString(), "snapshots").exitCode());
        assertEquals(1, files(repositoryCache(xdg.resolve("restic")).resolve("snapshots")));
    }

    @Test
    void noCacheWritesNoCache() {
        Path cache = tmp.resolve("never");
        CliRun.Result backup = cli().run("-r", repo.toString(), "--cache-dir", cache.toString(), "--no-cache",
                "backup", src.toString());
        assertEquals(0, backup.exitCode(), backup.err());
        assertFalse(Files.exists(cache));
    }

    @Test
    void aCacheThatCannotBeCreatedIsAWarningNotAFailure() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        CliRun.Result snapshots = cli().run("-r", repo.toString(), "--cache-dir", notADirectory.toString(), "snapshots");
        assertEquals(0, snapshots.exitCode(), snapshots.err());
        assertTrue(snapshots.err().startsWith("unable to open cache: "), snapshots.err());
        assertEquals(1, snapshots.errLines().length, snapshots.err());
    }
}

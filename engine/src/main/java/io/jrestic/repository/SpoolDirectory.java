package io.jrestic.repository;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Where packs being assembled are spooled: a private directory of this user inside the temporary directory
 * ({@code $TMPDIR} as in restic, else {@code java.io.tmpdir}), kept between runs.
 *
 * <p>Why a directory of its own: a pack file created straight in {@code /tmp} changes the modification time of
 * {@code /tmp}, so every backup that includes {@code /tmp} (or lies below it) would see a changed directory and
 * store a new tree. The spool directory is created once, before a backup reads anything, and after that only
 * its own time changes. Spool files a killed process left behind are removed a day later. It must be a real directory owned by this user and closed to others; if it is not (or
 * the file system has no POSIX permissions), a fresh private directory is made instead.
 */
final class SpoolDirectory {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private SpoolDirectory() {
    }

    /**
     * Spool files untouched for this long are left over from a process that was killed (a pack being assembled
     * or uploaded is written or read within minutes); they are removed when the next saver starts.
     */
    static final Duration STALE_AFTER = Duration.ofDays(1);

    /** The spool directory, created if needed, with stale spool files removed. */
    static Path ofCurrentUser() throws IOException {
        Path tmp = temporaryDirectory();
        Path dir = tmp.resolve("jrestic-spool-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            return dir;
        } catch (FileAlreadyExistsException e) {
            if (isPrivate(dir)) {
                removeStale(dir, Instant.now().minus(STALE_AFTER));
                return dir;
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions: fall through to a fresh directory
        }
        return Files.createTempDirectory(tmp, "jrestic-spool-");
    }

    static void removeStale(Path dir, Instant before) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "jrestic-pack-*.tmp")) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) Files.deleteIfExists(f);
                } catch (IOException e) {
                    // another process's file, or gone already: leave it
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // only housekeeping
        }
    }

    private static Path temporaryDirectory() {
        String env = System.getenv("TMPDIR");
        if (env != null && !env.isEmpty() && Files.isDirectory(Path.of(env))) return Path.of(env);
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static boolean isPrivate(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            return a.isDirectory() && a.owner().getName().equals(me) && a.permissions().equals(PRIVATE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

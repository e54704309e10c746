package io.jrestic.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The repository cache directories under one cache base directory, as restic's {@code cache} command and its old-cache
 * notice see them: sub-directories named by a repository ID (or {@code restic-check-cache-N}), each "last used" at its
 * modification time, which {@link RepositoryCache#open} sets on every use. Other files and directories in the base are
 * not caches and are never listed or removed.
 */
public final class CacheDirectories {
    /** restic's age in days at which an unused cache directory is old ({@code cache.MaxCacheAge}). */
    public static final int MAX_AGE_DAYS = 30;
    public static final Duration MAX_AGE = Duration.ofDays(MAX_AGE_DAYS);

    private static final Pattern CACHE_NAME = Pattern.compile("[a-fA-F0-9]{64}|restic-check-cache-[0-9]+");

    private CacheDirectories() {
    }

    /** One cache directory and when it was last used. */
    public record Entry(Path directory, Instant lastUsed) {
        public String name() {
            return directory.getFileName().toString();
        }

        /** Unused for longer than {@code maxAge} at {@code now}. */
        public boolean isOld(Duration maxAge, Instant now) {
            return lastUsed.isBefore(now.minus(maxAge));
        }

        /** The bytes of what is below it other than directories (a link counts its own size), as restic sums it. */
        public long size() throws IOException {
            long[] total = {0};
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!attributes.isDirectory()) total[0] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }
            });
            return total[0];
        }

        /** Deletes it with everything below it; symbolic links inside are removed, never followed. */
        public void remove() throws IOException {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) throw e;
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    /** Every cache directory in {@code base}, least recently used first; none if {@code base} does not exist. */
    public static List<Entry> all(Path base) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(base)) {
            for (Path child : children) {
                if (!CACHE_NAME.matcher(child.getFileName().toString()).matches()) continue;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // removed meanwhile, e.g. by another process's clean-up
                }
                if (a.isDirectory()) entries.add(new Entry(child, a.lastModifiedTime().toInstant()));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (NotDirectoryException e) {
            throw new NotDirectoryException("readdirent " + base + ": not a directory");
        }
        entries.sort(Comparator.comparing(Entry::lastUsed));
        return entries;
    }

    /** Removes {@code entries}, going on after a failure, which {@code warn} gets in restic's words. */
    public static void removeAll(List<Entry> entries, Consumer<String> warn) {
        for (Entry e : entries) {
            try {
                e.remove();
            } catch (IOException x) {
                warn.accept("unable to remove " + e.directory() + ": " + x.getMessage());
            }
        }
    }

    /** The cache directories in {@code base} unused for longer than {@code maxAge} at {@code now}. */
    public static List<Entry> olderThan(Path base, Duration maxAge, Instant now) throws IOException {
        return all(base).stream().filter(e -> e.isOld(maxAge, now)).toList();
    }
}

package io.jrestic.archiver;

import io.jrestic.filter.PathFilter;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a backup run selects and how it records it (restic's {@code backup} flags).
 *
 * @param excludes           patterns matched against absolute paths ({@code --exclude}, {@code --exclude-file})
 * @param iexcludes          the same, case-insensitive ({@code --iexclude}, {@code --iexclude-file})
 * @param excludeIfPresent   {@code NAME[:HEADER]} specs: a directory holding such a file is backed up empty
 * @param excludeLargerThan  files larger than this many bytes are skipped; 0 for no limit
 * @param readConcurrency    files read at once (restic's {@code --read-concurrency}, default 2)
 */
public record BackupOptions(
        PathFilter excludes,
        PathFilter iexcludes,
        List<String> excludeIfPresent,
        long excludeLargerThan,
        boolean oneFileSystem,
        boolean withAtime,
        boolean ignoreInode,
        boolean ignoreCtime,
        boolean force,
        boolean dryRun,
        int readConcurrency,
        String hostname,
        List<String> tags,
        OffsetDateTime time,
        List<String> excludePatternsForSnapshot) {

    /** @throws IllegalArgumentException if an {@code excludeIfPresent} spec names no file */
    public BackupOptions {
        excludeIfPresent = List.copyOf(excludeIfPresent);
        excludeIfPresent.forEach(Selector::tagFile);
    }

    /** restic's marker for cache directories ({@code --exclude-caches}). */
    public static final String CACHEDIR_TAG = "CACHEDIR.TAG:Signature: 8a477f597d28d172789f06886806bc55";

    public static BackupOptions defaults() {
        return new BackupOptions(PathFilter.of(List.of()), PathFilter.of(List.of()), List.of(), 0, false, false, false,
                false, false, false, 2, null, List.of(), null, List.of());
    }

    public BackupOptions withDryRun(boolean dry) {
        return new BackupOptions(excludes, iexcludes, excludeIfPresent, excludeLargerThan, oneFileSystem, withAtime,
                ignoreInode, ignoreCtime, force, dry, readConcurrency, hostname, tags, time, excludePatternsForSnapshot);
    }

    public BackupOptions withTags(List<String> newTags) {
        return new BackupOptions(excludes, iexcludes, excludeIfPresent, excludeLargerThan, oneFileSystem, withAtime,
                ignoreInode, ignoreCtime, force, dryRun, readConcurrency, hostname, newTags, time, excludePatternsForSnapshot);
    }

    public BackupOptions withHostname(String host) {
        return new BackupOptions(excludes, iexcludes, excludeIfPresent, excludeLargerThan, oneFileSystem, withAtime,
                ignoreInode, ignoreCtime, force, dryRun, readConcurrency, host, tags, time, excludePatternsForSnapshot);
    }

    public BackupOptions withTime(OffsetDateTime t) {
        return new BackupOptions(excludes, iexcludes, excludeIfPresent, excludeLargerThan, oneFileSystem, withAtime,
                ignoreInode, ignoreCtime, force, dryRun, readConcurrency, hostname, tags, t, excludePatternsForSnapshot);
    }
}

package io.jrestic.archiver;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a backup run in restic's summary terms (§19.2). Thread-safe. */
public final class BackupStatistics {
    final AtomicLong filesNew = new AtomicLong();
    final AtomicLong filesChanged = new AtomicLong();
    final AtomicLong filesUnmodified = new AtomicLong();
    final AtomicLong dirsNew = new AtomicLong();
    final AtomicLong dirsChanged = new AtomicLong();
    final AtomicLong dirsUnmodified = new AtomicLong();
    final AtomicLong totalFiles = new AtomicLong();
    final AtomicLong totalBytes = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    public long filesNew() {
        return filesNew.get();
    }

    public long filesChanged() {
        return filesChanged.get();
    }

    public long filesUnmodified() {
        return filesUnmodified.get();
    }

    public long dirsNew() {
        return dirsNew.get();
    }

    public long dirsChanged() {
        return dirsChanged.get();
    }

    public long dirsUnmodified() {
        return dirsUnmodified.get();
    }

    public long totalFilesProcessed() {
        return totalFiles.get();
    }

    public long totalBytesProcessed() {
        return totalBytes.get();
    }

    /** Source items that could not be read. */
    public long errors() {
        return errors.get();
    }
}

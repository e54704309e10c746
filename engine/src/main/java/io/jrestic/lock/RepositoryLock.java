package io.jrestic.lock;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.concurrent.Futures;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.repository.Repository;
import io.jrestic.repository.SystemIdentity;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock this process holds on a repository (§14): created by {@link #acquire}, refreshed every five minutes by
 * writing a new lock file and deleting the old one, removed by {@link #close()} (also on JVM shutdown).
 */
public final class RepositoryLock implements AutoCloseable {
    /** restic refreshes its lock this often. */
    public static final Duration REFRESH_INTERVAL = Duration.ofMinutes(5);
    /** restic waits this long after writing its lock before checking for a competing one. */
    static final Duration SETTLE_TIME = Duration.ofMillis(200);

    private final Repository repo;
    private final boolean exclusive;
    private final ScheduledExecutorService refresher;
    private final Thread shutdownHook;
    private volatile Id lockId;
    private volatile IOException refreshFailure;
    private boolean closed;
    /** System.nanoTime() at which the lock file has stood for {@link #SETTLE_TIME}. */
    private final long settledAt;
    /** The settle wait and second check, once started; guarded by this. */
    private CompletableFuture<Void> confirmation;

    private RepositoryLock(Repository repo, boolean exclusive, Id lockId, long settledAt) {
        this.repo = repo;
        this.exclusive = exclusive;
        this.lockId = lockId;
        this.settledAt = settledAt;
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lock-refresh").factory());
        this.refresher.scheduleAtFixedRate(this::refresh, REFRESH_INTERVAL.toMillis(), REFRESH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        this.shutdownHook = Thread.ofPlatform().unstarted(this::removeQuietly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Takes a lock: fails with {@link LockFailedException} if a conflicting lock exists (an exclusive lock conflicts
     * with any other; a shared one only with exclusive ones). Stale locks still conflict, as in restic: only
     * {@code unlock} removes them.
     */
    public static RepositoryLock acquire(Repository repo, boolean exclusive) throws IOException {
        RepositoryLock lock = begin(repo, exclusive);
        lock.confirm();
        return lock;
    }

    /**
     * Takes a lock as {@link #acquire} does, but returns right after writing the lock file, leaving the wait for
     * competing lockers and the second conflict check to {@link #confirm()}: a reading command overlaps the wait
     * with its reading and confirms before it shows anything. Fails at once if a conflicting lock exists.
     */
    public static RepositoryLock begin(Repository repo, boolean exclusive) throws IOException {
        checkConflicts(repo, exclusive, null);
        Id id = repo.saveUnpacked(FileType.LOCK, newLock(exclusive).toJson());
        return new RepositoryLock(repo, exclusive, id, System.nanoTime() + SETTLE_TIME.toNanos());
    }

    /**
     * Waits until the lock file has stood for restic's settle time, then checks again for a conflicting lock
     * written meanwhile; on a conflict (or an error) removes this lock and throws. Does nothing the second time,
     * or after {@link #confirmation()} succeeded; throws its failure again after it failed.
     */
    public void confirm() throws IOException {
        Futures.await(confirmation());
    }

    /**
     * {@link #confirm()} in the background: the future completes when the settle time is over and no conflicting
     * lock appeared, and fails as {@code confirm} would (the lock then removed). For a command that overlaps the
     * wait with work that changes nothing yet, holding back only what would ({@code backup} packs and chunks
     * meanwhile, and writes once this completes).
     */
    public synchronized CompletableFuture<Void> confirmation() {
        if (confirmation == null) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            confirmation = f;
            // A thread of its own, not the refresher's: a failed check closes this lock, which stops the refresher,
            // and an interrupt there could abort the removal of our own lock file on an HTTP backend.
            try {
                Thread.ofPlatform().daemon().name("lock-confirm").start(() -> {
                    try {
                        long wait = settledAt - System.nanoTime();
                        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                        checkOnce();
                        f.complete(null);
                    } catch (InterruptedException e) {
                        f.completeExceptionally(new java.io.InterruptedIOException("interrupted while locking"));
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
            } catch (Throwable e) { // no thread to be had: the lock is not confirmed, and nobody waits forever
                f.completeExceptionally(e);
            }
        }
        return confirmation;
    }

    /** The second conflict check; a lock already closed (a signal's shutdown hook removed it) is not confirmed. */
    private void checkOnce() throws IOException {
        try {
            synchronized (this) {
                if (closed) throw new LockFailedException("the lock was removed before it was confirmed");
            }
            checkConflicts(repo, exclusive, lockId);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Lock newLock(boolean exclusive) {
        return new Lock(GoTime.local(Instant.now()), exclusive, SystemIdentity.hostName(), SystemIdentity.userName(),
                ProcessHandle.current().pid(), SystemIdentity.uid(), SystemIdentity.gid());
    }

    private static void checkConflicts(Repository repo, boolean exclusive, Id own) throws IOException {
        List<Id> ids = new ArrayList<>();
        // Empty files are what some backends leave after an interrupted upload; restic ignores them.
        repo.list(FileType.LOCK, info -> {
            if (info.size() > 0) ids.add(info.handle().id());
        });
        for (Id id : ids) {
            if (id.equals(own)) continue;
            Lock other;
            try {
                other = Lock.parse(repo.loadUnpacked(FileType.LOCK, id));
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // removed while we listed
            } catch (IOException | IllegalArgumentException e) {
                // restic 0.14 ignores unreadable locks; newer versions refuse. Refusing is the safe side.
                throw new LockFailedException("unable to read lock " + id.toShortString() + ": " + e.getMessage()
                        + " (remove it with 'unlock --remove-all' if it is damaged)");
            }
            if (exclusive || other.exclusive()) {
                throw new LockFailedException("repository is already locked " + other.describe());
            }
        }
    }

    /** Lists all locks with their IDs; unreadable ones are skipped. */
    public static List<LockEntry> list(Repository repo) throws IOException {
        List<LockEntry> locks = new ArrayList<>();
        for (Id id : repo.list(FileType.LOCK)) {
            try {
                locks.add(new LockEntry(id, Lock.parse(repo.loadUnpacked(FileType.LOCK, id))));
            } catch (IOException | IllegalArgumentException e) {
                locks.add(new LockEntry(id, null));
            }
        }
        return locks;
    }

    /** A lock file and its content, or null content if it could not be read. */
    public record LockEntry(Id id, Lock lock) {
    }

    /** Removes stale locks (or all with {@code all}); returns how many were removed. */
    public static int removeLocks(Repository repo, boolean all) throws IOException {
        int removed = 0;
        String host = SystemIdentity.hostName();
        OffsetDateTime now = OffsetDateTime.now();
        for (LockEntry e : list(repo)) {
            if (all || (e.lock() != null && e.lock().isStale(now, host))) {
                repo.backend().remove(FileHandle.of(FileType.LOCK, e.id()));
                removed++;
            }
        }
        return removed;
    }

    public boolean exclusive() {
        return exclusive;
    }

    public Id lockId() {
        return lockId;
    }

    /** Fails if a refresh could not be written; long operations call this between steps. */
    public void checkValid() throws IOException {
        IOException e = refreshFailure;
        if (e != null) throw new LockFailedException("lock could not be refreshed: " + e.getMessage());
    }

    /** Writes a new lock file with the current time, then deletes the previous one. */
    public synchronized void refresh() {
        if (closed) return;
        try {
            Id fresh = repo.saveUnpacked(FileType.LOCK, newLock(exclusive).toJson());
            Id old = lockId;
            lockId = fresh;
            repo.backend().remove(FileHandle.of(FileType.LOCK, old));
        } catch (IOException e) {
            refreshFailure = e;
        }
    }

    private synchronized void removeQuietly() {
        if (closed) return;
        closed = true;
        refresher.shutdownNow();
        try {
            repo.backend().remove(FileHandle.of(FileType.LOCK, lockId));
        } catch (IOException e) {
            // best effort on shutdown; a leftover lock becomes stale and 'unlock' removes it
        }
    }

    @Override
    public void close() {
        removeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }
}

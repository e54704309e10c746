package io.jrestic.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.chunker.Polynomial;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.key.KdfParams;
import io.jrestic.repository.Repository;
import io.jrestic.repository.SystemIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Acquiring, refreshing and removing locks on a repository (§14.3, §14.4). */
class RepositoryLockTest {
    private MemoryBackend backend;
    private Repository repo;

    @BeforeEach
    void init() throws Exception {
        backend = new MemoryBackend();
        repo = Repository.init(backend, "pw".getBytes(StandardCharsets.UTF_8), 2, Polynomial.of(0x3DA3358B4DC173L),
                new KdfParams(1024, 8, 1), Repository.Settings.DEFAULT);
    }

    private List<Id> lockFiles() throws Exception {
        return repo.list(FileType.LOCK);
    }

    /** Writes a lock file as another process would. */
    private Id foreignLock(boolean exclusive, OffsetDateTime time, String host, long pid) throws Exception {
        return repo.saveUnpacked(FileType.LOCK, new Lock(time, exclusive, host, "other", pid, 0, 0).toJson());
    }

    @ParameterizedTest(name = "held exclusive={0}, wanted exclusive={1} → conflict={2}")
    @CsvSource({"false,false,false", "false,true,true", "true,false,true", "true,true,true"})
    void anExclusiveLockConflictsWithAnyOtherAndASharedOneOnlyWithExclusiveOnes(boolean held, boolean wanted,
                                                                              boolean conflict) throws Exception {
        try (RepositoryLock first = RepositoryLock.acquire(repo, held)) {
            if (conflict) {
                LockFailedException e = assertThrows(LockFailedException.class, () -> RepositoryLock.acquire(repo, wanted));
                assertTrue(e.getMessage().startsWith("repository is already locked " + (held ? "exclusively " : "")
                        + "by PID " + ProcessHandle.current().pid()), e.getMessage());
                assertEquals(List.of(first.lockId()), lockFiles(), "the failed attempt left no lock file");
            } else {
                try (RepositoryLock second = RepositoryLock.acquire(repo, wanted)) {
                    assertEquals(2, lockFiles().size());
                    assertNotEquals(first.lockId(), second.lockId());
                }
                assertEquals(List.of(first.lockId()), lockFiles());
            }
        }
        assertTrue(lockFiles().isEmpty());
    }

    @Test
    void theLockFileDescribesThisProcess() throws Exception {
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true)) {
            Lock stored = Lock.parse(repo.loadUnpacked(FileType.LOCK, lock.lockId()));
            assertTrue(stored.exclusive());
            assertTrue(lock.exclusive());
            assertEquals(ProcessHandle.current().pid(), stored.pid());
            assertEquals(SystemIdentity.hostName(), stored.hostname());
            assertEquals(SystemIdentity.userName(), stored.username());
            assertEquals(SystemIdentity.uid(), stored.uid());
            assertFalse(stored.isStale(OffsetDateTime.now(), SystemIdentity.hostName()));
        }
    }

    @Test
    void aStaleLockStillConflictsUntilItIsRemoved() throws Exception {
        foreignLock(true, OffsetDateTime.now().minusHours(2), "elsewhere", 1);
        assertThrows(LockFailedException.class, () -> RepositoryLock.acquire(repo, false));
        assertEquals(1, RepositoryLock.removeLocks(repo, false));
        RepositoryLock.acquire(repo, false).close();
    }

    @Test
    void removeStaleLocksKeepsLiveOnesAndRemoveAllTakesEverything() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        String here = SystemIdentity.hostName();
        Id old = foreignLock(false, OffsetDateTime.now().minusMinutes(45), "elsewhere", 1);
        Id deadProcess = foreignLock(false, GoTime.local(Instant.now()), here, exited.pid());
        Id live = foreignLock(false, GoTime.local(Instant.now()), "elsewhere", 1);
        byte[] garbage = "not a lock".getBytes(StandardCharsets.UTF_8);
        Id unreadable = Id.hash(garbage);
        try (RepositoryLock mine = RepositoryLock.acquire(repo, false)) {
            backend.save(FileHandle.of(FileType.LOCK, unreadable), ByteSource.of(garbage));
            assertEquals(2, RepositoryLock.removeLocks(repo, false));
            List<Id> left = lockFiles();
            assertFalse(left.contains(old));
            assertFalse(left.contains(deadProcess));
            assertTrue(left.contains(live));
            assertTrue(left.contains(unreadable), "only unlock --remove-all deletes what cannot be read");
            assertTrue(left.contains(mine.lockId()));

            assertEquals(3, RepositoryLock.removeLocks(repo, true));
            assertTrue(lockFiles().isEmpty());
        }
    }

    @Test
    void aDamagedLockFileBlocksWithAHintToRemoveIt() throws Exception {
        byte[] garbage = "not a lock".getBytes(StandardCharsets.UTF_8);
        backend.save(FileHandle.of(FileType.LOCK, Id.hash(garbage)), ByteSource.of(garbage));
        LockFailedException e = assertThrows(LockFailedException.class, () -> RepositoryLock.acquire(repo, false));
        assertTrue(e.getMessage().contains("unlock --remove-all"), e.getMessage());
        assertEquals(1, lockFiles().size());
    }

    /** Some backends leave empty files behind after an interrupted upload; current restic ignores them. */
    @Test
    void anEmptyLockFileIsIgnored() throws Exception {
        backend.replace(FileHandle.of(FileType.LOCK, Id.hash(new byte[0])), new byte[0]);
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true)) {
            assertEquals(2, lockFiles().size());
        }
    }

    @Test
    void refreshWritesANewLockFileAndDeletesTheOldOne() throws Exception {
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true)) {
            Id before = lock.lockId();
            Lock oldLock = Lock.parse(repo.loadUnpacked(FileType.LOCK, before));
            lock.refresh();
            Id after = lock.lockId();
            assertNotEquals(before, after);
            assertEquals(List.of(after), lockFiles());
            Lock newLock = Lock.parse(repo.loadUnpacked(FileType.LOCK, after));
            assertFalse(newLock.time().isBefore(oldLock.time()));
            assertTrue(newLock.exclusive());
            lock.checkValid();
        }
        assertTrue(lockFiles().isEmpty());
    }

    @Test
    void closeRemovesTheLockOnceAndLaterRefreshesDoNothing() throws Exception {
        RepositoryLock lock = RepositoryLock.acquire(repo, false);
        lock.close();
        assertTrue(lockFiles().isEmpty());
        lock.refresh();
        assertTrue(lockFiles().isEmpty(), "a closed lock is not re-created");
        lock.close();
    }
    @Test
    void aLockBegunNowIsConfirmedAfterTheSettleTimeAndFailsIfAConflictingLockAppearedMeanwhile() throws Exception {
        long start = System.nanoTime();
        try (RepositoryLock shared = RepositoryLock.begin(repo, false)) {
            assertEquals(List.of(shared.lockId()), lockFiles(), "the lock file is written at once");
            shared.confirm();
            assertTrue(System.nanoTime() - start >= RepositoryLock.SETTLE_TIME.toNanos(), "confirm waits out the settle time");
            shared.confirm(); // a second time does nothing
        }
        RepositoryLock mine = RepositoryLock.begin(repo, false);
        Id other = foreignLock(true, OffsetDateTime.now(), "elsewhere", 42);
        assertThrows(LockFailedException.class, mine::confirm);
        assertEquals(List.of(other), lockFiles(), "the failed lock removed its own file");
        mine.close();
    }

    @Test
    void aConfirmationInTheBackgroundSucceedsAfterTheSettleTimeOrFailsAsConfirmWouldOnAConflictWrittenMeanwhile()
            throws Exception {
        long start = System.nanoTime();
        try (RepositoryLock shared = RepositoryLock.begin(repo, false)) {
            shared.confirmation().get();
            assertTrue(System.nanoTime() - start >= RepositoryLock.SETTLE_TIME.toNanos(), "it waits out the settle time");
            assertTrue(shared.confirmation().isDone(), "one confirmation per lock");
            shared.confirm();
        }
        RepositoryLock mine = RepositoryLock.begin(repo, false);
        Id other = foreignLock(true, OffsetDateTime.now(), "elsewhere", 42);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> mine.confirmation().get());
        assertTrue(failed.getCause() instanceof LockFailedException, String.valueOf(failed.getCause()));
        assertEquals(List.of(other), lockFiles(), "the failed lock removed its own file");
        LockFailedException again = assertThrows(LockFailedException.class, mine::confirm);
        assertTrue(again.getMessage().startsWith("repository is already locked exclusively by PID 42"), again.getMessage());
        mine.close();
    }

    @Test
    void aLockClosedDuringItsSettleWaitIsNotConfirmed() throws Exception {
        RepositoryLock lock = RepositoryLock.begin(repo, false);
        lock.close(); // as the shutdown hook of an interrupted command does
        LockFailedException e = assertThrows(LockFailedException.class, lock::confirm);
        assertEquals("the lock was removed before it was confirmed", e.getMessage());
        assertTrue(lockFiles().isEmpty());
    }
}

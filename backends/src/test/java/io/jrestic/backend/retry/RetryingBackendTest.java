package io.jrestic.backend.retry;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryingBackendTest {
    private static final RetryPolicy FOUR_QUICK_ATTEMPTS =
            new RetryPolicy(4, Duration.ofNanos(1000), Duration.ofNanos(10_000));

    private final FlakyBackend flaky = new FlakyBackend();
    private final List<String> retries = new ArrayList<>();
    private final RetryingBackend backend = new RetryingBackend(flaky, FOUR_QUICK_ATTEMPTS,
            (operation, failedAttempts, delay, cause) -> retries.add(operation + " #" + failedAttempts + ": "
                    + cause.getMessage()));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static FileHandle handleFor(FileType type, byte[] content) {
        return FileHandle.of(type, Id.hash(content));
    }

    private static IOException transientError(String message) {
        return new SocketTimeoutException(message);
    }

    /** Counts how often it is opened. */
    private static final class CountingSource implements ByteSource {
        final byte[] bytes;
        final AtomicInteger opens = new AtomicInteger();

        CountingSource(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            opens.incrementAndGet();
            return new java.io.ByteArrayInputStream(bytes);
        }
    }

    @Test
    void aSaveIsRetriedReopeningItsSourceEachTime() throws IOException {
        byte[] content = bytes("pack bytes");
        FileHandle pack = handleFor(FileType.PACK, content);
        CountingSource source = new CountingSource(content);
        flaky.failNext(transientError("timeout 1"), transientError("timeout 2"));

        backend.save(pack, source);

        assertEquals(3, source.opens.get());
        assertArrayEquals(content, flaky.load(pack));
        assertEquals(List.of("memory:: save " + pack + " #1: timeout 1", "memory:: save " + pack + " #2: timeout 2"),
                retries);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastErrorAndTheFirstSuppressed() {
        FileHandle snapshot = handleFor(FileType.SNAPSHOT, bytes("x"));
        IOException first = transientError("first");
        IOException last = transientError("last");
        flaky.failNext(first, transientError("second"), transientError("third"), last, transientError("unused"));

        IOException thrown = assertThrows(IOException.class, () -> backend.stat(snapshot));

        assertSame(last, thrown);
        assertTrue(List.of(thrown.getSuppressed()).contains(first));
        assertEquals(4, flaky.calls.get());
        assertEquals(3, retries.size());
    }

    @Test
    void permanentFailuresAreNotRetried() throws IOException {
        FileHandle index = handleFor(FileType.INDEX, bytes("index"));
        class QuotaExceeded extends IOException implements PermanentBackendException {
            QuotaExceeded() {
                super("quota exceeded");
            }
        }
        List<IOException> permanent = List.of(new NoSuchFileException("index/x"), new AccessDeniedException("index/x"),
                new FileAlreadyExistsException("index/x"), new QuotaExceeded(),
                new IOException("wrapped", new AccessDeniedException("index/x")));
        for (IOException failure : permanent) {
            flaky.failNext(failure);
            int before = flaky.calls.get();

            assertSame(failure, assertThrows(IOException.class, () -> backend.stat(index)));
            assertEquals(before + 1, flaky.calls.get(), failure.toString());
        }
        assertEquals(List.of(), retries);
        assertThrows(NoSuchFileException.class, () -> backend.stat(index)); // and a real missing file
    }

    @Test
    void classifiesFailures() {
        assertTrue(RetryingBackend.isTransient(new IOException("connection reset")));
        assertTrue(RetryingBackend.isTransient(new SocketTimeoutException("read timed out")));
        assertFalse(RetryingBackend.isTransient(new NoSuchFileException("x")));
        assertFalse(RetryingBackend.isTransient(new IOException("upload failed", new NoSuchFileException("x"))));
    }

    @Test
    void aSaveWhoseResponseWasLostSucceedsWhenTheFileIsThere() throws IOException {
        byte[] content = bytes("index file");
        FileHandle index = handleFor(FileType.INDEX, content);
        flaky.failAfterStoring = true;
        flaky.failNext(transientError("response lost"));

        backend.save(index, ByteSource.of(content));

        assertEquals(3, flaky.calls.get()); // the lost save, the save that found the file, the stat comparing sizes
        assertArrayEquals(content, flaky.load(index));
    }

    @Test
    void aFileThatExistedBeforeTheFirstAttemptIsStillAnError() throws IOException {
        byte[] content = bytes("lock");
        FileHandle lock = handleFor(FileType.LOCK, content);
        flaky.save(lock, ByteSource.of(content));

        assertThrows(FileAlreadyExistsException.class, () -> backend.save(lock, ByteSource.of(content)));
    }

    @Test
    void aConfigSavedConcurrentlyByAnotherWriterIsNotMistakenForOurs() throws IOException {
        flaky.failAfterStoring = true;
        flaky.failNext(transientError("response lost"));
        // Another writer's config of the same length lands first; our first attempt then "fails" on it.
        flaky.files.put("config", bytes("theirs"));

        assertThrows(FileAlreadyExistsException.class, () -> backend.save(FileHandle.CONFIG, ByteSource.of(bytes("ours!!"))));
        assertArrayEquals(bytes("theirs"), flaky.load(FileHandle.CONFIG));
    }

    @Test
    void openRangeRetriesTheOpen() throws IOException {
        byte[] content = bytes("0123456789");
        FileHandle pack = handleFor(FileType.PACK, content);
        flaky.save(pack, ByteSource.of(content));
        flaky.failNext(transientError("503"), transientError("503"));

        try (InputStream in = backend.openRange(pack, 2, 5)) {
            assertArrayEquals(bytes("23456"), in.readAllBytes());
        }
        flaky.failNext(transientError("503"));
        assertArrayEquals(bytes("789"), backend.loadRange(pack, 7, 3));
        flaky.failNext(transientError("503"));
        assertArrayEquals(content, backend.load(pack));
        assertEquals(3 + 2 + 2, flaky.calls.get() - 1); // minus the direct save above
    }

    @Test
    void wrapDelegatePutsADecoratorBetweenTheRetryingAndItsBackendKeepingPolicyAndListener() throws IOException {
        FlakyBackend decorated = new FlakyBackend();
        List<Backend> decoratedBackends = new ArrayList<>();
        RetryingBackend wrapped = backend.wrapDelegate(inner -> {
            decoratedBackends.add(inner);
            return decorated;
        });
        byte[] content = bytes("config");
        decorated.save(FileHandle.CONFIG, ByteSource.of(content));
        decorated.failNext(transientError("503"));

        assertArrayEquals(content, wrapped.load(FileHandle.CONFIG));
        assertEquals(List.of(flaky), decoratedBackends);
        assertEquals(List.of("memory:: load config #1: 503"), retries);
        assertEquals(0, flaky.calls.get());
    }

    @Test
    void aListingThatFailsPartWayIsRepeatedWithoutDuplicates() throws IOException {
        List<FileHandle> saved = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] content = bytes("snapshot " + i);
            FileHandle snapshot = handleFor(FileType.SNAPSHOT, content);
            flaky.save(snapshot, ByteSource.of(content));
            saved.add(snapshot);
        }
        flaky.entriesBeforeListFailure = 2;
        flaky.failNext(transientError("connection reset"), transientError("connection reset"));

        List<FileHandle> listed = new ArrayList<>();
        backend.list(FileType.SNAPSHOT, info -> listed.add(info.handle()));

        assertEquals(4, listed.size());
        assertEquals(saved.stream().sorted(java.util.Comparator.comparing(FileHandle::name)).toList(),
                listed.stream().sorted(java.util.Comparator.comparing(FileHandle::name)).toList());
    }

    @Test
    void otherOperationsAreRetriedToo() throws IOException {
        byte[] content = bytes("key");
        FileHandle key = handleFor(FileType.KEY, content);
        flaky.save(key, ByteSource.of(content));

        flaky.failNext(transientError("a"));
        backend.create();
        flaky.failNext(transientError("b"));
        assertEquals(new FileInfo(key, content.length), backend.stat(key));
        flaky.failNext(transientError("c"));
        backend.remove(key);

        assertThrows(NoSuchFileException.class, () -> flaky.stat(key));
        assertEquals(3, retries.size());
    }

    @Test
    void runtimeExceptionsAreNotRetried() {
        FileHandle pack = handleFor(FileType.PACK, bytes("p"));
        ByteSource broken = new ByteSource() {
            @Override
            public long length() {
                return 1;
            }

            @Override
            public InputStream open() {
                throw new IllegalStateException("bug in the caller");
            }
        };

        assertThrows(IllegalStateException.class, () -> backend.save(pack, broken));
        assertEquals(1, flaky.calls.get());
    }

    @Test
    void anInterruptedThreadDoesNotRetry() {
        FileHandle pack = handleFor(FileType.PACK, bytes("p"));
        flaky.failNext(transientError("timeout"));
        Thread.currentThread().interrupt();
        try {
            assertThrows(SocketTimeoutException.class, () -> backend.stat(pack));
            assertEquals(1, flaky.calls.get());
        } finally {
            assertTrue(Thread.interrupted()); // clears the flag for the next test
        }
    }

    @Test
    void withoutRetriesEachCallIsMadeOnce() {
        RetryingBackend once = new RetryingBackend(flaky, RetryPolicy.NONE);
        flaky.failNext(transientError("timeout"));

        assertThrows(SocketTimeoutException.class, () -> once.stat(handleFor(FileType.PACK, bytes("p"))));
        assertEquals(1, flaky.calls.get());
        assertEquals("memory:", once.location());
    }
}

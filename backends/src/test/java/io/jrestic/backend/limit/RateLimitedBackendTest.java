package io.jrestic.backend.limit;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.local.LocalBackend;
import io.jrestic.backend.retry.MemoryBackend;
import io.jrestic.backend.retry.RetryPolicy;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What passes the limits (file contents, unchanged and in pieces) and what a limited backend hands its delegate. */
class RateLimitedBackendTest {
    private static final int KIB = 1024;
    private static final double NANOSECOND = 1e-9;

    @TempDir
    Path tmp;

    /** A memory backend that keeps the sources it is asked to save. */
    private static final class RecordingBackend extends MemoryBackend {
        final List<ByteSource> saved = new ArrayList<>();

        @Override
        public void save(FileHandle handle, ByteSource content) throws IOException {
            saved.add(content);
            super.save(handle, content);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static FileHandle packOf(byte[] content) {
        return FileHandle.of(FileType.PACK, Id.hash(content));
    }

    @Test
    void contentsRoundTripUnchangedThroughSaveLoadLoadRangeAndOpenRange() throws IOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        Backend backend = new RateLimitedBackend(new MemoryBackend(), time.limiter(100 * KIB), time.limiter(50 * KIB));
        byte[] content = randomBytes(300 * KIB + 7);
        FileHandle pack = packOf(content);

        backend.save(pack, ByteSource.of(content));

        assertArrayEquals(content, backend.load(pack));
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 201_000), backend.loadRange(pack, 1000, 200_000));
        try (InputStream in = backend.openRange(pack, 5, 0)) {
            assertArrayEquals(Arrays.copyOfRange(content, 5, content.length), in.readAllBytes());
        }
        try (InputStream in = backend.openRange(pack, 0, 3)) {
            assertEquals(content[0] & 0xff, in.read());
            assertEquals(content[1] & 0xff, in.read());
            assertEquals(content[2] & 0xff, in.read());
            assertEquals(-1, in.read());
        }
        assertTrue(time.secondsSlept() > 0, "the limits held the transfers back");
    }

    @Test
    void theSourceHandedToTheDelegateIsNoFileButKnowsLengthAndMd5() throws IOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        RecordingBackend delegate = new RecordingBackend();
        Backend backend = new RateLimitedBackend(delegate, time.limiter(100 * KIB), null);
        byte[] content = randomBytes(10 * KIB);
        Path file = Files.write(tmp.resolve("spooled-pack"), content);
        ByteSource spooled = new ByteSource() {
            @Override
            public long length() {
                return content.length;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public byte[] md5() {
                return new byte[] {1, 2, 3};
            }

            @Override
            public Path file() {
                return file;
            }
        };

        backend.save(packOf(content), spooled);

        ByteSource handedOn = delegate.saved.getFirst();
        assertNull(handedOn.file(), "a local backend must not link the file into place past the limiter");
        assertEquals(content.length, handedOn.length());
        assertArrayEquals(new byte[] {1, 2, 3}, handedOn.md5());
    }

    @Test
    void aLocalBackendCopiesASpooledFileThroughTheLimitInsteadOfLinkingIt() throws IOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        LocalBackend local = new LocalBackend(tmp.resolve("repo"));
        local.create();
        Backend backend = new RateLimitedBackend(local, time.limiter(100 * KIB), null);
        byte[] content = randomBytes(200 * KIB);
        Path spooled = Files.write(tmp.resolve("spooled-pack"), content);
        FileHandle pack = packOf(content);

        backend.save(pack, ByteSource.ofFile(spooled, content.length));

        Path stored = storedFile(tmp.resolve("repo"), pack);
        assertFalse(Files.isSameFile(spooled, stored), "copied, not linked");
        assertArrayEquals(content, Files.readAllBytes(stored));
        // Two seconds' worth of bytes from a full bucket: one second of waiting, spent in pieces.
        assertEquals(1.0, time.secondsSlept(), time.sleeps.size() * NANOSECOND);
        assertTrue(time.sleeps.size() > 1, time.sleeps.toString());
    }

    private static Path storedFile(Path root, FileHandle handle) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals(handle.name())).findFirst().orElseThrow();
        }
    }

    @Test
    void anUploadThroughOpenWaitsForItsBytesInPieces() throws IOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        Backend backend = new RateLimitedBackend(new MemoryBackend(), time.limiter(100 * KIB), null);
        byte[] content = randomBytes(300 * KIB);

        backend.save(packOf(content), ByteSource.of(content));

        assertEquals(2.0, time.secondsSlept(), time.sleeps.size() * NANOSECOND);
        assertTrue(time.sleeps.size() > 1, time.sleeps.toString());
    }

    /** A backend that hashes what it is given before it stores it, as the S3 and GCS backends do. */
    private static final class HashingBackend extends MemoryBackend {
        @Override
        public void save(FileHandle handle, ByteSource content) throws IOException {
            try (InputStream in = content.forChecksum().open()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            super.save(handle, content);
        }
    }

    @Test
    void hashingAnUploadBeforeSendingItCostsNoneOfTheRate() throws IOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        Backend backend = new RateLimitedBackend(new HashingBackend(), time.limiter(100 * KIB), null);
        byte[] content = randomBytes(300 * KIB);

        backend.save(packOf(content), ByteSource.of(content));

        // 300 KiB sent at 100 KiB/s after a full bucket: 2 s, as without the hashing (it would be 5 s if it counted)
        assertEquals(2.0, time.secondsSlept(), time.sleeps.size() * NANOSECOND);
    }

    @Test
    void aDownloadWaitsForItsBytesInPieces() throws IOException {
        FakeTime time = FakeTime.passingWhileAsleep();
        MemoryBackend memory = new MemoryBackend();
        byte[] content = randomBytes(300 * KIB);
        FileHandle pack = packOf(content);
        memory.save(pack, ByteSource.of(content));
        Backend backend = new RateLimitedBackend(memory, null, time.limiter(100 * KIB));

        backend.load(pack);

        assertEquals(2.0, time.secondsSlept(), time.sleeps.size() * NANOSECOND);
        assertTrue(time.sleeps.size() > 1, time.sleeps.toString());
    }

    @Test
    void anUnlimitedDirectionIsHandedOnUntouched() throws IOException {
        RecordingBackend delegate = new RecordingBackend();
        Backend backend = new RateLimitedBackend(delegate, null, FakeTime.frozen().limiter(KIB));
        ByteSource content = ByteSource.of(randomBytes(10));

        backend.save(packOf(randomBytes(10)), content);

        assertSame(content, delegate.saved.getFirst());
    }

    @Test
    void limitWithoutRatesIsTheBackendItselfAndRejectsNegativeRates() {
        MemoryBackend memory = new MemoryBackend();
        assertSame(memory, RateLimitedBackend.limit(memory, 0, 0));
        assertInstanceOf(RateLimitedBackend.class, RateLimitedBackend.limit(memory, 0, KIB));
        assertThrows(IllegalArgumentException.class, () -> RateLimitedBackend.limit(memory, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> RateLimitedBackend.limit(memory, 0, -KIB));
    }

    @Test
    void insideARetryingBackendALoadThatFailsPartWayIsStillRetriedAsAWhole() throws IOException {
        byte[] content = randomBytes(100 * KIB);
        FileHandle pack = packOf(content);
        AtomicBoolean failedOnce = new AtomicBoolean();
        MemoryBackend dropsTheFirstConnection = new MemoryBackend() {
            @Override
            public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
                InputStream in = super.openRange(handle, offset, length);
                if (failedOnce.getAndSet(true)) return in;
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new SocketException("connection reset");
                    }
                };
            }
        };
        dropsTheFirstConnection.save(pack, ByteSource.of(content));
        RetryingBackend retrying = new RetryingBackend(dropsTheFirstConnection,
                new RetryPolicy(2, Duration.ofNanos(1000), Duration.ofNanos(1000)));

        Backend limited = RateLimitedBackend.limit(retrying, 1L << 40, 1L << 40);

        assertInstanceOf(RetryingBackend.class, limited);
        assertArrayEquals(content, limited.load(pack));
        assertTrue(failedOnce.get());
    }
}

package io.jrestic.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BlobDecoder: the checks of {@link Repository#decodeBlob}, blob after blob, into buffers it reuses. */
class BlobDecoderTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Id save(Repository repo, byte[] data) throws Exception {
        try (BlobSaver saver = repo.newBlobSaver()) {
            Id id = saver.save(BlobType.DATA, data, 0, data.length).id();
            saver.flush();
            return id;
        }
    }

    private static byte[] envelope(MemoryBackend backend, IndexEntry e) throws Exception {
        byte[] pack = backend.bytes(FileHandle.of(FileType.PACK, e.packId()));
        return Arrays.copyOfRange(pack, (int) e.offset(), (int) e.offset() + e.blob().length());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void blobsOfDifferentSizesDecodeInTurnThroughTheSameDecoder(int version) throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = RepositoryTest.init(backend, version);
        byte[] big = random(300_000, 1);
        byte[] text = "compressible text, ".repeat(5_000).getBytes();
        byte[] small = random(100, 2);
        Id bigId = save(repo, big);
        Id textId = save(repo, text);
        Id smallId = save(repo, small);

        BlobDecoder decoder = repo.newBlobDecoder();
        for (var c : new Object[][] {{bigId, big}, {smallId, small}, {textId, text}, {bigId, big}}) {
            IndexEntry e = repo.index().lookup(BlobType.DATA, (Id) c[0]).orElseThrow();
            byte[] env = envelope(backend, e);
            byte[] in = decoder.envelopeBuffer(env.length);
            System.arraycopy(env, 0, in, 0, env.length);
            int n = decoder.decode(FileHandle.of(FileType.PACK, e.packId()), e.blob(), in, 0);
            byte[] expected = (byte[]) c[1];
            assertEquals(expected.length, n);
            assertArrayEquals(expected, Arrays.copyOf(decoder.plaintext(), n));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aDamagedBlobIsCorruptionNamingPackAndBlob(int version) throws Exception {
        MemoryBackend backend = new MemoryBackend();
        Repository repo = RepositoryTest.init(backend, version);
        Id id = save(repo, random(5_000, 3));
        IndexEntry e = repo.index().lookup(BlobType.DATA, id).orElseThrow();
        byte[] env = envelope(backend, e);
        env[40] ^= 1;

        RepositoryCorruptException ex = assertThrows(RepositoryCorruptException.class,
                () -> repo.newBlobDecoder().decode(FileHandle.of(FileType.PACK, e.packId()), e.blob(), env, 0));
        assertTrue(ex.getMessage().contains(e.packId().toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains(id.toString()), ex.getMessage());
    }
}

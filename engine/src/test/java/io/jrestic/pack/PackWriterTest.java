package io.jrestic.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.MemoryBackend;
import io.jrestic.compress.Zstd;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackWriterTest {
    private static final CryptoKey KEY = CryptoKey.random();

    /** A data pack of three blobs: compressed, stored as is, and compressed again. */
    static final class Fixture {
        final List<byte[]> plaintexts = new ArrayList<>();
        final FinishedPack pack;
        final byte[] bytes;

        Fixture(PackWriter writer) throws IOException {
            Random random = new Random(42);
            byte[] text = "chunk of a file that compresses well. ".repeat(300).getBytes(StandardCharsets.UTF_8);
            byte[] noise = new byte[5000];
            random.nextBytes(noise);
            byte[] small = "x".getBytes(StandardCharsets.UTF_8);
            addCompressed(writer, text);
            plaintexts.add(noise);
            byte[] sealed = KEY.seal(noise);
            writer.add(BlobType.DATA, Id.hash(noise), sealed, 0, sealed.length, 0);
            addCompressed(writer, small);
            pack = writer.finish(KEY);
            try (InputStream in = pack.content().open()) {
                bytes = in.readAllBytes();
            }
        }

        private void addCompressed(PackWriter writer, byte[] plaintext) {
            plaintexts.add(plaintext);
            byte[] frame = Zstd.compress(plaintext, 3);
            writer.seal(BlobType.DATA, Id.hash(plaintext), KEY, frame, 0, frame.length, plaintext.length);
        }
    }

    @Test
    void aSpooledPackIsAFileNamedByTheSha256OfItsBytesAndResetDeletesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        PackWriter writer = PackWriter.spooled(BlobType.DATA, dir);
        Fixture f = new Fixture(writer);
        assertEquals(Id.hash(f.bytes), f.pack.packId());
        assertEquals(f.bytes.length, f.pack.size());
        java.nio.file.Path file = f.pack.content().file();
        assertEquals(dir, file.getParent());
        assertEquals(f.bytes.length, java.nio.file.Files.size(file));
        MemoryBackend backend = new MemoryBackend();
        backend.save(f.pack.handle(), f.pack.content());
        List<PackBlob> read = PackReader.readHeader(backend, f.pack.handle(), f.pack.size(), KEY);
        assertEquals(f.pack.blobs(), read);
        writer.reset();
        assertFalse(java.nio.file.Files.exists(file));
    }

    @Test
    void finishedPackIsNamedByTheSha256OfItsBytes() throws IOException {
        Fixture f = new Fixture(new PackWriter(BlobType.DATA));
        assertEquals(Id.hash(f.bytes), f.pack.packId());
        assertEquals(f.bytes.length, f.pack.size());
        assertEquals("data/" + f.pack.packId().toString().substring(0, 2) + "/" + f.pack.packId(),
                f.pack.handle().path());
    }

    @Test
    void sizeIsBlobsPlusEntriesPlus36() throws IOException {
        Fixture f = new Fixture(new PackWriter(BlobType.DATA));
        long blobBytes = f.pack.blobs().stream().mapToLong(PackBlob::length).sum();
        assertEquals(blobBytes + 41 + 37 + 41 + 36, f.pack.size());
        assertEquals(PackHeader.packSize(f.pack.blobs()), f.pack.size());
    }

    @Test
    void blobsAreContiguousAndDecryptToTheirPlaintext() throws Exception {
        Fixture f = new Fixture(new PackWriter(BlobType.DATA));
        long expectedOffset = 0;
        for (int i = 0; i < f.pack.blobs().size(); i++) {
            PackBlob blob = f.pack.blobs().get(i);
            assertEquals(expectedOffset, blob.offset());
            expectedOffset = blob.end();
            byte[] payload = KEY.open(f.bytes, (int) blob.offset(), blob.length());
            byte[] plaintext = blob.isCompressed()
                    ? Zstd.decompress(payload, 0, payload.length, blob.uncompressedLength()) : payload;
            assertArrayEquals(f.plaintexts.get(i), plaintext);
            assertEquals(Id.hash(plaintext), blob.id());
            assertEquals(plaintext.length, blob.plaintextLength());
        }
        assertTrue(f.pack.blobs().get(0).isCompressed());
        assertFalse(f.pack.blobs().get(1).isCompressed());
    }

    @Test
    void headerReadsBackFromABackend() throws IOException {
        Fixture f = new Fixture(new PackWriter(BlobType.DATA));
        MemoryBackend backend = new MemoryBackend();
        backend.save(f.pack.handle(), f.pack.content());
        assertEquals(f.pack.blobs(), PackReader.readHeader(backend, f.pack.handle(), f.pack.size(), KEY));
    }

    @Test
    void aWriterHoldsOneBlobType() {
        PackWriter trees = new PackWriter(BlobType.TREE);
        byte[] envelope = KEY.seal(new byte[10]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trees.add(BlobType.DATA, Id.hash(new byte[10]), envelope, 0, envelope.length, 0));
        assertTrue(e.getMessage().contains("cannot add data blob"), e.getMessage());
        assertTrue(trees.isEmpty());
    }

    @Test
    void tracksSizeCountAndFullness() {
        PackWriter writer = new PackWriter(BlobType.DATA, 0);
        byte[] payload = new byte[1000];
        writer.seal(BlobType.DATA, Id.hash(payload), KEY, payload, 0, payload.length, 0);
        assertEquals(1032, writer.size());
        assertEquals(1, writer.count());
        assertEquals(1032 + 37 + 36, writer.finishedSize());
        assertFalse(writer.isFull(2000));
        writer.seal(BlobType.DATA, Id.hash(new byte[999]), KEY, payload, 0, 999, 0);
        assertTrue(writer.isFull(2000));
        assertTrue(writer.capacity() >= 2063);
    }

    @Test
    void anEmptyPackCannotBeFinished() {
        assertThrows(IllegalStateException.class, () -> new PackWriter(BlobType.DATA).finish(KEY));
    }

    @Test
    void aFinishedWriterRefusesBlobsUntilReset() throws IOException {
        PackWriter writer = new PackWriter(BlobType.TREE, 64);
        byte[] a = "{\"nodes\":[]}\n".getBytes(StandardCharsets.UTF_8);
        writer.seal(BlobType.TREE, Id.hash(a), KEY, a, 0, a.length, 0);
        FinishedPack first = writer.finish(KEY);
        assertThrows(IllegalStateException.class, () -> writer.seal(BlobType.TREE, Id.hash(a), KEY, a, 0, a.length, 0));
        assertThrows(IllegalStateException.class, () -> writer.finish(KEY));

        writer.reset();
        assertEquals(0, writer.size());
        writer.seal(BlobType.TREE, Id.hash(a), KEY, a, 0, a.length, 0);
        FinishedPack second = writer.finish(KEY);
        assertNotEquals(first.packId(), second.packId(), "fresh IVs make a fresh pack");
        assertEquals(0, second.blobs().getFirst().offset());
        byte[] bytes;
        try (InputStream in = second.content().open()) {
            bytes = in.readAllBytes();
        }
        assertEquals(Id.hash(bytes), second.packId(), "the digest restarted with the pack");

        writer.release();
        assertEquals(0, writer.capacity());
    }

    @Test
    void targetSizeAcceptsResticsRange() {
        assertEquals(16L << 20, PackWriter.DEFAULT_TARGET_SIZE);
        assertEquals(4L << 20, PackWriter.targetSize(4));
        assertEquals(128L << 20, PackWriter.targetSize(128));
        assertThrows(IllegalArgumentException.class, () -> PackWriter.targetSize(3));
        assertThrows(IllegalArgumentException.class, () -> PackWriter.targetSize(129));
        assertEquals(PackWriter.DEFAULT_TARGET_SIZE, PackWriter.targetSize(0), "0 is restic's default");
        assertEquals("pack size larger than limit of 128 MiB",
                assertThrows(IllegalArgumentException.class, () -> PackWriter.targetSize(4100)).getMessage());
        assertEquals("pack size smaller than minimum of 4 MiB",
                assertThrows(IllegalArgumentException.class, () -> PackWriter.targetSize(-1)).getMessage());
    }
}

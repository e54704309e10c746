package io.jrestic.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.MemoryBackend;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackReaderTest {
    private static final CryptoKey KEY = CryptoKey.random();

    private final MemoryBackend backend = new MemoryBackend();

    /** Writes a data pack of {@code blobs} small uncompressed blobs and stores it. */
    private FinishedPack store(int blobs) throws IOException {
        PackWriter writer = new PackWriter(BlobType.DATA, 0);
        for (int i = 0; i < blobs; i++) {
            byte[] plaintext = ("blob " + i).getBytes();
            writer.seal(BlobType.DATA, Id.hash(plaintext), KEY, plaintext, 0, plaintext.length, 0);
        }
        FinishedPack pack = writer.finish(KEY);
        backend.save(pack.handle(), pack.content());
        return pack;
    }

    private static byte[] bytesOf(FinishedPack pack) throws IOException {
        try (InputStream in = pack.content().open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void smallHeaderTakesOneRequest() throws IOException {
        FinishedPack pack = store(15);
        int before = backend.readRequests();
        assertEquals(pack.blobs(), PackReader.readHeader(backend, pack.handle(), pack.size(), KEY));
        assertEquals(1, backend.readRequests() - before);
    }

    @Test
    void largeHeaderTakesASecondRequest() throws IOException {
        FinishedPack pack = store(40);
        int before = backend.readRequests();
        assertEquals(pack.blobs(), PackReader.readHeader(backend, pack.handle(), pack.size(), KEY));
        assertEquals(2, backend.readRequests() - before);
    }

    @Test
    void parsesTheHeaderFromBytesInHand() throws IOException {
        FinishedPack pack = store(20);
        byte[] whole = bytesOf(pack);
        assertEquals(pack.blobs(), PackReader.parseHeader(whole, whole.length, KEY, "pack x"));
        byte[] tail = Arrays.copyOfRange(whole, whole.length - 800, whole.length);
        assertEquals(pack.blobs(), PackReader.parseHeader(tail, whole.length, KEY, "pack x"));
        byte[] shortTail = Arrays.copyOfRange(whole, whole.length - 100, whole.length);
        assertThrows(IllegalArgumentException.class, () -> PackReader.parseHeader(shortTail, whole.length, KEY, "pack x"));
    }

    @Test
    void zeroHeaderLengthIsRejected() throws IOException {
        InvalidPackException e = damaged(bytes -> PackHeader.writeUint32(bytes, bytes.length - 4, 0));
        assertTrue(e.getMessage().endsWith("header length is zero"), e.getMessage());
    }

    @Test
    void headerLengthShorterThanAnEnvelopeIsRejected() throws IOException {
        InvalidPackException e = damaged(bytes -> PackHeader.writeUint32(bytes, bytes.length - 4, 31));
        assertTrue(e.getMessage().contains("shorter than an envelope"), e.getMessage());
    }

    @Test
    void headerLengthBeyondTheFileIsRejected() throws IOException {
        InvalidPackException e = damaged(bytes -> PackHeader.writeUint32(bytes, bytes.length - 4, bytes.length - 3));
        assertTrue(e.getMessage().contains("exceeds the file size"), e.getMessage());
    }

    @Test
    void headerLengthBeyond16MiBIsRejected() throws IOException {
        FinishedPack pack = store(1);
        byte[] bytes = bytesOf(pack);
        long fakeSize = (16L << 20) + 100;
        // Only the tail matters for this check; a fake size keeps the test small.
        byte[] tail = Arrays.copyOf(bytes, bytes.length);
        PackHeader.writeUint32(tail, tail.length - 4, (16L << 20) + 1);
        InvalidPackException e = assertThrows(InvalidPackException.class,
                () -> PackReader.parseHeader(tail, fakeSize, KEY, "pack big"));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }

    @Test
    void flippedHeaderByteFailsAuthenticationNamingThePack() throws IOException {
        FinishedPack pack = store(3);
        InvalidPackException e = damaged(pack, bytes -> bytes[bytes.length - 4 - 20] ^= 1);
        assertEquals("pack " + pack.packId() + ": header authentication failed (damaged pack or wrong key)",
                e.getMessage());
    }

    @Test
    void wrongKeyFailsAuthentication() throws IOException {
        FinishedPack pack = store(2);
        InvalidPackException e = assertThrows(InvalidPackException.class,
                () -> PackReader.readHeader(backend, pack.handle(), pack.size(), CryptoKey.random()));
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    }

    @Test
    void truncatedPackIsRejected() throws IOException {
        FinishedPack pack = store(3);
        byte[] bytes = bytesOf(pack);
        // The blobs are cut short but the header is intact: it lists more bytes than precede it.
        byte[] cut = new byte[bytes.length - 10];
        int headerAndTail = (int) (pack.size() - pack.blobs().getLast().end());
        System.arraycopy(bytes, 0, cut, 0, cut.length - headerAndTail);
        System.arraycopy(bytes, bytes.length - headerAndTail, cut, cut.length - headerAndTail, headerAndTail);
        FileHandle handle = FileHandle.of(FileType.PACK, Id.hash(cut));
        backend.replace(handle, cut);
        InvalidPackException e = assertThrows(InvalidPackException.class,
                () -> PackReader.readHeader(backend, handle, cut.length, KEY));
        assertTrue(e.getMessage().startsWith("pack " + handle.name() + ": header lists"), e.getMessage());

        byte[] tiny = Arrays.copyOf(bytes, 20);
        FileHandle tinyHandle = FileHandle.of(FileType.PACK, Id.hash(tiny));
        backend.replace(tinyHandle, tiny);
        InvalidPackException small = assertThrows(InvalidPackException.class,
                () -> PackReader.readHeader(backend, tinyHandle, tiny.length, KEY));
        assertTrue(small.getMessage().contains("too small for a pack"), small.getMessage());
    }

    @Test
    void missingPackIsNoSuchFile() {
        FileHandle handle = FileHandle.of(FileType.PACK, Id.hash(new byte[1]));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> PackReader.readHeader(backend, handle, 1000, KEY));
    }

    private interface Damage {
        void apply(byte[] bytes);
    }

    private InvalidPackException damaged(Damage damage) throws IOException {
        return damaged(store(2), damage);
    }

    private InvalidPackException damaged(FinishedPack pack, Damage damage) throws IOException {
        byte[] bytes = bytesOf(pack);
        damage.apply(bytes);
        backend.replace(pack.handle(), bytes);
        InvalidPackException e = assertThrows(InvalidPackException.class,
                () -> PackReader.readHeader(backend, pack.handle(), bytes.length, KEY));
        assertTrue(e.getMessage().startsWith("pack " + pack.packId() + ": "), e.getMessage());
        return e;
    }

    @Test
    void headerOfTheSpecShapeHasExpectedSizes() throws IOException {
        FinishedPack pack = store(2);
        List<PackBlob> blobs = PackReader.readHeader(backend, pack.handle(), pack.size(), KEY);
        long blobBytes = blobs.stream().mapToLong(PackBlob::length).sum();
        assertEquals(blobBytes + 2 * 37 + 32 + 4, pack.size());
    }
}

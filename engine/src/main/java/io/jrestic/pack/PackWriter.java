package io.jrestic.pack;

import io.jrestic.backend.ByteSource;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Assembles one pack of one blob type in memory (restic-format §8): blob envelopes back to back, then on
 * {@link #finish} the encrypted header and its length. The pack ID is hashed while blobs are added, so finishing
 * costs no second pass over the data.
 *
 * <p>The caller decides when a pack is full: {@link #size()} against a target ({@link #DEFAULT_TARGET_SIZE},
 * restic's {@code --pack-size}) and {@link #isFull(long)}, which also accounts for the header limit (§8.3).
 *
 * <p>Memory: one byte array holds the pack. It starts at the capacity given to the constructor and grows by half
 * as blobs arrive (a 16 MiB target ends around 16–25 MiB, as the last blob may overshoot by up to 8 MiB).
 * {@link #reset()} keeps the array for the next pack; {@link #release()} drops it. A {@linkplain #spooled spooled}
 * writer instead appends to a temporary file (as restic does), so a pack costs no heap at all; it takes
 * envelopes sealed by the caller ({@link #add}), and its finished pack is that file, deleted by {@link #reset()}.
 * Not thread-safe: one writer belongs to one packing stream.
 */
public final class PackWriter {
    /** restic's default pack size target (§8.5). */
    public static final long DEFAULT_TARGET_SIZE = 16L << 20;
    /** The range restic allows for {@code --pack-size}: 4 … 128 MiB. */
    public static final long MIN_TARGET_SIZE = 4L << 20;
    public static final long MAX_TARGET_SIZE = 128L << 20;
    /** Largest pack this writer builds: one Java array; restic's index cannot describe packs of 4 GiB or more. */
    public static final int MAX_PACK_SIZE = Integer.MAX_VALUE - 16;
    private static final int DEFAULT_INITIAL_CAPACITY = 1 << 20;

    /** Bytes handed to the file system per write: heap arrays reach a channel through a direct buffer. */
    private static final int SPOOL_WRITE_SIZE = 256 * 1024;

    private final BlobType type;
    private final int initialCapacity;
    /** Where a spooled writer creates its temporary files; null for a writer in memory. */
    private final Path spoolDirectory;
    private Path spoolFile;
    private FileChannel spool;
    private ByteBuffer spoolBuffer;
    private final MessageDigest sha256 = Id.sha256();
    private final List<PackBlob> blobs = new ArrayList<>();
    private byte[] buffer;
    private int size;
    private int entriesLength;
    private boolean finished;

    /** A writer for blobs of {@code type} with a 1 MiB initial buffer. */
    public PackWriter(BlobType type) {
        this(type, DEFAULT_INITIAL_CAPACITY);
    }

    /** A writer whose buffer starts at {@code initialCapacity} bytes (allocated on first use). */
    public PackWriter(BlobType type, int initialCapacity) {
        this.type = Objects.requireNonNull(type, "type");
        if (initialCapacity < 0) throw new IllegalArgumentException("negative capacity " + initialCapacity);
        this.initialCapacity = initialCapacity;
        this.spoolDirectory = null;
    }

    private PackWriter(BlobType type, Path spoolDirectory) {
        this.type = Objects.requireNonNull(type, "type");
        this.initialCapacity = 0;
        this.spoolDirectory = Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    }

    /**
     * A writer that appends its pack to a temporary file in {@code directory} instead of a byte array. I/O errors
     * of the spool file surface as {@link UncheckedIOException}.
     */
    public static PackWriter spooled(BlobType type, Path directory) {
        return new PackWriter(type, directory);
    }

    /**
     * The target size in bytes for {@code --pack-size} in MiB, as restic takes it: 0 for the default, else 4 … 128,
     * refused with restic's messages.
     */
    public static long targetSize(long mebibytes) {
        if (mebibytes == 0) return DEFAULT_TARGET_SIZE;
        if (mebibytes > MAX_TARGET_SIZE >> 20) {
            throw new IllegalArgumentException("pack size larger than limit of " + (MAX_TARGET_SIZE >> 20) + " MiB");
        }
        if (mebibytes < MIN_TARGET_SIZE >> 20) {
            throw new IllegalArgumentException("pack size smaller than minimum of " + (MIN_TARGET_SIZE >> 20) + " MiB");
        }
        return mebibytes << 20;
    }

    public BlobType type() {
        return type;
    }

    /** Bytes of blob envelopes added so far: what restic compares with the target size. */
    public long size() {
        return size;
    }

    /** Blobs added so far. */
    public int count() {
        return blobs.size();
    }

    public boolean isEmpty() {
        return blobs.isEmpty();
    }

    /** Size the pack file will have when finished now: blobs + header entries + 32 + 4. */
    public long finishedSize() {
        return (long) size + entriesLength + PackHeader.FIXED_OVERHEAD;
    }

    /** True once the pack should be finished: it reached {@code targetSize} or its header has no room left. */
    public boolean isFull(long targetSize) {
        return size >= targetSize || entriesLength + PackHeader.COMPRESSED_ENTRY_SIZE > PackHeader.MAX_ENTRIES_LENGTH;
    }

    /**
     * Appends a sealed blob envelope {@code envelope[off, off+len)} (already compressed and encrypted by the
     * caller) and returns its entry.
     *
     * @param uncompressedLength the blob's plaintext length if the envelope holds zstd data, else 0
     */
    public PackBlob add(BlobType blobType, Id id, byte[] envelope, int off, int len, int uncompressedLength) {
        Objects.checkFromIndexSize(off, len, envelope.length);
        PackBlob blob = reserve(blobType, id, len, uncompressedLength);
        if (spoolDirectory != null) spool(envelope, off, len);
        else System.arraycopy(envelope, off, buffer, size, len);
        sha256.update(envelope, off, len);
        return commit(blob);
    }

    /**
     * Seals {@code payload[off, off+len)} (the blob's plaintext or its zstd frame) with {@code key} straight into
     * the pack, saving the copy {@link #add} makes, and returns its entry.
     *
     * @param uncompressedLength the blob's plaintext length if {@code payload} is zstd data, else 0
     */
    public PackBlob seal(BlobType blobType, Id id, CryptoKey key, byte[] payload, int off, int len, int uncompressedLength) {
        Objects.checkFromIndexSize(off, len, payload.length);
        if (spoolDirectory != null) {
            byte[] envelope = key.seal(payload, off, len);
            return add(blobType, id, envelope, 0, envelope.length, uncompressedLength);
        }
        PackBlob blob = reserve(blobType, id, Envelope.envelopeLength(len), uncompressedLength);
        key.seal(payload, off, len, buffer, size);
        sha256.update(buffer, size, blob.length());
        return commit(blob);
    }

    private PackBlob reserve(BlobType blobType, Id id, int envelopeLength, int uncompressedLength) {
        if (finished) throw new IllegalStateException("pack writer already finished; reset() it first");
        if (blobType != type) {
            throw new IllegalArgumentException("cannot add " + blobType.jsonName() + " blob " + id + " to a "
                    + type.jsonName() + " pack: data and tree blobs never share a pack");
        }
        PackBlob blob = new PackBlob(blobType, id, size, envelopeLength, uncompressedLength);
        if (entriesLength + blob.headerEntrySize() > PackHeader.MAX_ENTRIES_LENGTH) {
            throw new IllegalStateException("pack is full: its header cannot hold another entry ("
                    + blobs.size() + " entries)");
        }
        long needed = finishedSize() + envelopeLength + blob.headerEntrySize();
        if (needed > MAX_PACK_SIZE) {
            throw new IllegalStateException("blob " + id + " of " + envelopeLength + " bytes would make the pack "
                    + needed + " bytes, more than " + MAX_PACK_SIZE);
        }
        if (spoolDirectory == null) ensureCapacity(size + envelopeLength);
        return blob;
    }

    private PackBlob commit(PackBlob blob) {
        size += blob.length();
        entriesLength += blob.headerEntrySize();
        blobs.add(blob);
        return blob;
    }

    /**
     * Appends the header encrypted with {@code key} and its length, and returns the finished pack. The pack's
     * bytes stay in this writer until {@link #reset()} or {@link #release()}.
     */
    public FinishedPack finish(CryptoKey key) {
        if (finished) throw new IllegalStateException("pack writer already finished");
        if (blobs.isEmpty()) throw new IllegalStateException("a pack needs at least one blob");
        byte[] entries = PackHeader.encode(blobs);
        int headerLength = Envelope.envelopeLength(entries.length);
        if (spoolDirectory != null) return finishSpool(key, entries, headerLength);
        ensureCapacity(size + headerLength + PackHeader.TAIL);
        int start = size;
        key.seal(entries, 0, entries.length, buffer, size);
        size += headerLength;
        PackHeader.writeUint32(buffer, size, headerLength);
        size += PackHeader.TAIL;
        sha256.update(buffer, start, size - start);
        finished = true;
        return new FinishedPack(Id.of(sha256), ByteSource.of(buffer, 0, size), blobs);
    }

    private FinishedPack finishSpool(CryptoKey key, byte[] entries, int headerLength) {
        byte[] tail = new byte[headerLength + PackHeader.TAIL];
        key.seal(entries, 0, entries.length, tail, 0);
        PackHeader.writeUint32(tail, headerLength, headerLength);
        spool(tail, 0, tail.length);
        sha256.update(tail);
        size += tail.length;
        try {
            spool.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing pack spool file " + spoolFile + " failed", e);
        }
        spool = null;
        finished = true;
        return new FinishedPack(Id.of(sha256), ByteSource.ofFile(spoolFile, size), blobs);
    }

    /** Appends to the spool file, creating it first if this pack has none yet. */
    private void spool(byte[] bytes, int off, int len) {
        try {
            if (spool == null) {
                spoolFile = Files.createTempFile(spoolDirectory, "jrestic-pack-", ".tmp");
                spool = FileChannel.open(spoolFile, StandardOpenOption.WRITE);
            }
            if (spoolBuffer == null) spoolBuffer = ByteBuffer.allocateDirect(SPOOL_WRITE_SIZE);
            for (int done = 0; done < len; ) {
                int n = Math.min(len - done, SPOOL_WRITE_SIZE);
                spoolBuffer.clear();
                spoolBuffer.put(bytes, off + done, n).flip();
                while (spoolBuffer.hasRemaining()) spool.write(spoolBuffer);
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing pack spool file " + spoolFile + " failed", e);
        }
    }

    /** Closes and deletes the spool file, if any. */
    private void dropSpool() {
        try {
            if (spool != null) spool.close();
            if (spoolFile != null) Files.deleteIfExists(spoolFile);
        } catch (IOException e) {
            // a temporary file that cannot be removed only costs space in the temporary directory
        }
        spool = null;
        spoolFile = null;
    }

    /**
     * Starts a new, empty pack in the same buffer. Invalidates the content of the last {@link FinishedPack} (a
     * spooled writer deletes its file).
     */
    public void reset() {
        dropSpool();
        blobs.clear();
        sha256.reset();
        size = 0;
        entriesLength = 0;
        finished = false;
    }

    /** Like {@link #reset()}, and also frees the buffer; the next blob allocates a fresh one. */
    public void release() {
        reset();
        buffer = null;
        spoolBuffer = null;
    }

    /** Current buffer capacity in bytes; for memory accounting. */
    public int capacity() {
        return buffer == null ? 0 : buffer.length;
    }

    private void ensureCapacity(int needed) {
        if (buffer == null) {
            buffer = new byte[Math.max(needed, initialCapacity)];
        } else if (needed > buffer.length) {
            long grown = Math.max(needed, (long) buffer.length + (buffer.length >> 1));
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, MAX_PACK_SIZE));
        }
    }
}

package io.jrestic.checker;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.compress.DecompressionException;
import io.jrestic.compress.Zstd;
import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import io.jrestic.pack.InvalidPackException;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackHeader;
import io.jrestic.pack.PackReader;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code check --read-data} for one pack (restic-format §16 item 7): streams the file once, hashing every byte,
 * decrypts, decompresses and hashes each indexed blob in offset order, keeps only the bytes after the last
 * indexed blob (at most a maximal header), then checks the file's name, its size, the blob layout and the
 * header against the index. Memory: one blob plus one header at a time, in buffers each worker reuses.
 */
final class PackVerifier {
    /** Bytes read at a time where nothing but the hash needs them. */
    private static final int CHUNK = 64 << 10;
    /** Most bytes after the last indexed blob that can belong to the header: a maximal header and its length. */
    private static final int MAX_TAIL = PackHeader.MAX_HEADER_LENGTH + PackHeader.TAIL;
    /** A damaged pack can disagree with its index in every entry; this many are listed, then a count. */
    static final int MAX_ENTRY_FINDINGS = 10;

    private static final Comparator<PackBlob> FILE_ORDER =
            Comparator.comparingLong(PackBlob::offset).thenComparingInt(PackBlob::length);

    private final Repository repo;
    /** Each worker's buffers, reused from blob to blob and pack to pack: fresh 1 MiB arrays per blob kept the collector busy. */
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    PackVerifier(Repository repo) {
        this.repo = repo;
        io.jrestic.crypto.CryptoKey.warmUp(); // read-data decrypts every pack: get the intrinsics compiled early
    }

    /** Reads the pack and returns what is wrong with it; {@code indexed} are the index's entries for it. */
    List<Finding> verify(Id packId, List<PackBlob> indexed) {
        Run run = new Run(packId, indexed);
        try {
            run.read();
        } catch (NoSuchFileException e) {
            run.error("does not exist");
        } catch (IOException e) {
            run.error("cannot be read: " + e.getMessage());
        }
        return run.findings;
    }

    /** The state of one pack's verification. */
    private final class Run {
        final Id packId;
        final String prefix;
        final List<PackBlob> blobs;
        final List<Finding> findings = new ArrayList<>();
        final MessageDigest sha = Id.sha256();
        final Buffers buffers = PackVerifier.this.buffers.get();
        long position;

        Run(Id packId, List<PackBlob> indexed) {
            this.packId = packId;
            this.prefix = "pack " + packId + ": ";
            this.blobs = new ArrayList<>(indexed);
            this.blobs.sort(FILE_ORDER);
        }

        void error(String message) {
            findings.add(Finding.error(Finding.Kind.PACK_DATA, packId, prefix + message));
        }

        void read() throws IOException {
            checkLayout();
            byte[] tail;
            boolean truncated = false;
            try (InputStream in = repo.backend().openRange(FileHandle.of(FileType.PACK, packId), 0, 0)) {
                for (PackBlob b : blobs) {
                    if (b.offset() < position) continue; // overlaps the previous blob: reported by checkLayout
                    if (!skip(in, b.offset() - position) || !readFully(in, b.length())) {
                        error("file ends at byte " + position + " inside " + describe(b));
                        truncated = true;
                        break;
                    }
                    checkBlob(b);
                }
                tail = readTail(in);
            }
            Id actual = Id.of(sha);
            if (!actual.equals(packId)) {
                findings.add(Finding.error(Finding.Kind.PACK_DATA, packId,
                        "Pack ID does not match, want " + packId + ", got " + actual));
            }
            long expectedSize = PackHeader.packSize(blobs);
            if (position != expectedSize) {
                error("file size is " + position + " bytes, the index implies " + expectedSize);
            }
            if (truncated) {
                error("header cannot be read: the file is truncated");
            } else {
                checkHeader(tail);
            }
        }

        /** Indexed blobs must follow each other from offset 0 without gaps or overlaps. */
        private void checkLayout() {
            long expected = 0;
            for (PackBlob b : blobs) {
                if (b.offset() > expected) {
                    error((b.offset() - expected) + " bytes at offset " + expected + " belong to no indexed blob (gap before "
                            + describe(b) + ")");
                } else if (b.offset() < expected) {
                    error(describe(b) + " overlaps the previous blob, which ends at offset " + expected);
                }
                expected = Math.max(expected, b.end());
            }
        }

        /** Verifies the blob whose envelope {@link #readFully} left at the start of the read buffer. */
        private void checkBlob(PackBlob b) {
            int openedLength = Math.max(0, Envelope.plaintextLength(b.length()));
            byte[] plain = buffers.opened(openedLength);
            int length = openedLength;
            try {
                repo.key().open(buffers.input, 0, b.length(), plain, 0);
            } catch (AuthenticationException e) {
                error("MAC mismatch for " + describe(b) + " (" + e.getMessage() + ")");
                return;
            }
            if (b.isCompressed()) {
                length = b.uncompressedLength();
                byte[] opened = plain;
                plain = buffers.decompressed(length);
                try {
                    Zstd.decompressInto(opened, 0, openedLength, plain, 0, length);
                } catch (DecompressionException | RuntimeException e) {
                    error(describe(b) + " does not decompress: " + e.getMessage());
                    return;
                }
            }
            Id actual = Id.hash(plain, 0, length);
            if (!actual.equals(b.id())) {
                error(describe(b) + ": content hash " + actual + " does not match the blob ID");
            }
        }

        private void checkHeader(byte[] tail) {
            if (tail.length < PackHeader.TAIL) {
                error("no room for a pack header after the last indexed blob (" + tail.length + " bytes)");
                return;
            }
            List<PackBlob> header;
            try {
                header = PackReader.parseHeader(tail, position, repo.key(), "pack " + packId);
            } catch (InvalidPackException e) {
                findings.add(Finding.error(Finding.Kind.PACK_DATA, packId, e.getMessage()));
                return;
            } catch (IllegalArgumentException e) {
                error("the pack header overlaps the indexed blobs");
                return;
            }
            long headerStart = position - (PackHeader.entriesLength(header) + PackHeader.FIXED_OVERHEAD);
            long blobsEnd = header.isEmpty() ? 0 : header.getLast().end();
            if (blobsEnd != headerStart) {
                error((headerStart - blobsEnd) + " bytes between the last blob of the header (ending at " + blobsEnd
                        + ") and the header (at " + headerStart + ")");
            }
            int headerSize = PackHeader.entriesLength(header) + PackHeader.FIXED_OVERHEAD;
            int indexedHeaderSize = PackHeader.entriesLength(blobs) + PackHeader.FIXED_OVERHEAD;
            if (headerSize != indexedHeaderSize) {
                error("header is " + headerSize + " bytes, the index implies " + indexedHeaderSize);
            }
            Set<PackBlob> inIndex = new HashSet<>(blobs);
            Set<PackBlob> inHeader = new HashSet<>(header);
            int reported = 0;
            int unreported = 0;
            for (PackBlob h : header) {
                if (inIndex.contains(h)) continue;
                if (reported++ < MAX_ENTRY_FINDINGS) error("header entry for " + describeFully(h) + " is not in the index");
                else unreported++;
            }
            for (PackBlob b : blobs) {
                if (inHeader.contains(b)) continue;
                if (reported++ < MAX_ENTRY_FINDINGS) error("index entry for " + describeFully(b) + " is not in the pack header");
                else unreported++;
            }
            if (unreported > 0) error(unreported + " more differences between the pack header and the index");
        }

        /** Hashes and discards {@code n} bytes; false at the end of the file. */
        private boolean skip(InputStream in, long n) throws IOException {
            byte[] buffer = buffers.input(CHUNK);
            while (n > 0) {
                int want = (int) Math.min(n, buffer.length);
                int got = in.readNBytes(buffer, 0, want);
                Id.update(sha, buffer, 0, got);
                position += got;
                n -= got;
                if (got < want) return false;
            }
            return true;
        }

        /** Reads exactly {@code n} bytes into the read buffer, hashing them; false at the end of the file. */
        private boolean readFully(InputStream in, int n) throws IOException {
            byte[] buffer = buffers.input(n);
            int got = in.readNBytes(buffer, 0, n);
            Id.update(sha, buffer, 0, got);
            position += got;
            return got == n;
        }

        /** Reads the rest of the file, hashing it, and returns its last {@link #MAX_TAIL} bytes at most. */
        private byte[] readTail(InputStream in) throws IOException {
            ArrayDeque<byte[]> chunks = new ArrayDeque<>();
            long kept = 0;
            while (true) {
                byte[] chunk = in.readNBytes(CHUNK);
                if (chunk.length == 0) break;
                Id.update(sha, chunk, 0, chunk.length);
                position += chunk.length;
                chunks.addLast(chunk);
                kept += chunk.length;
                while (kept - chunks.peekFirst().length >= MAX_TAIL) kept -= chunks.removeFirst().length;
            }
            int length = (int) Math.min(kept, MAX_TAIL);
            byte[] tail = new byte[length];
            int end = length;
            for (var it = chunks.descendingIterator(); it.hasNext() && end > 0; ) {
                byte[] c = it.next();
                int n = Math.min(c.length, end);
                System.arraycopy(c, c.length - n, tail, end - n, n);
                end -= n;
            }
            return tail;
        }
    }

    /**
     * One worker's buffers: the bytes read (an envelope), the opened envelope and the decompressed blob. Each
     * grows to the largest blob seen, a few MiB for data blobs.
     */
    private static final class Buffers {
        private byte[] input = new byte[CHUNK];
        private byte[] opened = new byte[0];
        private byte[] decompressed = new byte[0];

        byte[] input(int length) {
            if (input.length < length) input = new byte[Math.max(length, input.length + (input.length >> 1))];
            return input;
        }

        byte[] opened(int length) {
            if (opened.length < length) opened = new byte[Math.max(length, opened.length + (opened.length >> 1))];
            return opened;
        }

        byte[] decompressed(int length) {
            if (decompressed.length < length) decompressed = new byte[Math.max(length, decompressed.length + (decompressed.length >> 1))];
            return decompressed;
        }
    }

    static String describe(PackBlob b) {
        return b.type().jsonName() + " blob " + b.id() + " at offset " + b.offset();
    }

    private static String describeFully(PackBlob b) {
        return b.type().jsonName() + " blob " + b.id() + " (offset " + b.offset() + ", length " + b.length()
                + (b.isCompressed() ? ", uncompressed " + b.uncompressedLength() : "") + ")";
    }
}

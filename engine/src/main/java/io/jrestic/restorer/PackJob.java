package io.jrestic.restorer;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.repository.BlobDecoder;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blobs restore needs from one pack and where each goes. {@link #run} reads the pack once, in as few ranges as
 * sensible (a new range only across a gap larger than {@link #MAX_GAP}), streaming: one blob is in memory at a time.
 * Each blob is decrypted and verified by the repository before any byte of it is written; a blob that fails is
 * retried through the index's other copies, and if none verifies every file needing it fails.
 */
final class PackJob {
    /** Unneeded bytes between two needed blobs that are read through rather than starting a new request. */
    static final long MAX_GAP = 1 << 20;

    /** Where one blob's plaintext is written. */
    private record Target(FileJob file, long offset) {
    }

    private static final class BlobUse {
        final PackBlob blob;
        final List<Target> targets = new ArrayList<>(1);

        BlobUse(PackBlob blob) {
            this.blob = blob;
        }
    }

    final Id packId;
    private final Map<Id, BlobUse> uses = new LinkedHashMap<>();

    PackJob(Id packId) {
        this.packId = packId;
    }

    /** Planning: {@code entry}'s plaintext goes to {@code file} at {@code offset}. */
    void add(IndexEntry entry, FileJob file, long offset) {
        uses.computeIfAbsent(entry.id(), id -> new BlobUse(entry.blob())).targets.add(new Target(file, offset));
        file.expectWrite();
    }

    /**
     * Fetches, verifies and writes every planned blob, decoding with the worker's {@code decoder}. Failures are
     * reported through the files they affect.
     */
    void run(Repository repo, BlobDecoder decoder) throws InterruptedIOException {
        FileHandle pack = FileHandle.of(FileType.PACK, packId);
        List<BlobUse> sorted = new ArrayList<>(uses.values());
        sorted.sort(Comparator.comparingLong(u -> u.blob.offset()));
        int start = 0;
        while (start < sorted.size()) {
            int end = start + 1;
            while (end < sorted.size() && sorted.get(end).blob.offset() - sorted.get(end - 1).blob.end() <= MAX_GAP) end++;
            readRange(repo, decoder, pack, sorted.subList(start, end));
            start = end;
        }
    }

    private void readRange(Repository repo, BlobDecoder decoder, FileHandle pack, List<BlobUse> range)
            throws InterruptedIOException {
        long first = range.getFirst().blob.offset();
        long last = range.getLast().blob.end();
        try (InputStream in = repo.backend().openRange(pack, first, last - first)) {
            long pos = first;
            for (BlobUse use : range) {
                in.skipNBytes(use.blob.offset() - pos);
                byte[] envelope = decoder.envelopeBuffer(use.blob.length());
                if (in.readNBytes(envelope, 0, use.blob.length()) != use.blob.length()) {
                    throw new IOException(repo.backend().location() + ": " + pack + ": short read of blob "
                            + use.blob.id() + " at offset " + use.blob.offset());
                }
                pos = use.blob.end();
                try {
                    int length = decoder.decode(pack, use.blob, envelope, 0);
                    deliver(use, decoder.plaintext(), length);
                } catch (RepositoryCorruptException e) {
                    byte[] plain = otherCopy(repo, use, e);
                    if (plain != null) deliver(use, plain, plain.length);
                }
            }
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // The stream broke (or the pack is missing): what is left of the range is loaded blob by blob, which
            // also tries the other copies the index knows. Handled blobs have no targets left.
            for (BlobUse use : range) {
                if (use.targets.isEmpty()) continue;
                byte[] plain = otherCopy(repo, use, e);
                if (plain != null) deliver(use, plain, plain.length);
            }
        }
    }

    /** The blob loaded through the index (every copy tried), or null after failing its files. */
    private static byte[] otherCopy(Repository repo, BlobUse use, IOException cause) throws InterruptedIOException {
        try {
            return repo.loadBlob(BlobType.DATA, use.blob.id());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            IOException reported = e instanceof RepositoryCorruptException ? e : cause;
            for (Target t : use.targets) t.file.blobFailed(reported);
            use.targets.clear();
            return null;
        }
    }

    /** Writes {@code plain[0, length)} everywhere the blob goes; the caller may reuse the buffer afterwards. */
    private static void deliver(BlobUse use, byte[] plain, int length) {
        for (Target t : use.targets) t.file.write(plain, length, t.offset);
        use.targets.clear();
    }
}

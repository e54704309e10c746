package io.jrestic.restorer;

import io.jrestic.fs.Posix;
import io.jrestic.fs.PosixFile;
import io.jrestic.tree.Node;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One regular file being written: opened (created or truncated, then sized) on its first blob, written at
 * offsets from several pack workers, and after its last blob given its metadata through the still open
 * descriptor (by that worker, so metadata is applied in parallel and without path lookups) and closed. Metadata
 * failures and warnings are kept and reported by {@link #reportMetadata} in tree order, as if applied there. A
 * failure marks it failed: it is reported once, closed and removed if it is a regular file, and later blobs for it
 * are dropped. All methods are synchronized (writes to one file are serialized; decoding, the expensive part, happens
 * outside).
 */
final class FileJob {
    private static final int CREATE_PERMISSIONS = 0600;
    private static final int ZERO_CHECK_CHUNK = 64 * 1024;
    private static final byte[] ZEROS = new byte[ZERO_CHECK_CHUNK];

    final byte[] path;
    final String location;
    final Node node;
    private final boolean sparse;
    private final RestoreListener listener;
    private final NodeMetadata metadata;
    private int pendingWrites;
    private PosixFile file;
    private boolean failed;
    private boolean complete;
    private IOException metadataFailure;
    private List<String> metadataWarnings = List.of();

    FileJob(byte[] path, String location, Node node, boolean sparse, RestoreListener listener, NodeMetadata metadata) {
        this.path = path;
        this.location = location;
        this.node = node;
        this.sparse = sparse;
        this.listener = listener;
        this.metadata = metadata;
    }

    /** Planning: one more blob write expected. */
    synchronized void expectWrite() {
        pendingWrites++;
    }

    /** Planning done: a file without planned writes (all of it a hole, or nothing to write) is created now. */
    synchronized void planned() {
        if (pendingWrites == 0 && !failed) {
            try {
                open();
                finish();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    /** Writes one verified blob's plaintext, {@code plain[0, length)}, at {@code offset}. */
    synchronized void write(byte[] plain, int length, long offset) {
        if (failed) {
            pendingWrites--;
            return;
        }
        try {
            if (file == null) open();
            if (!(sparse && isZero(plain, length))) file.write(plain, 0, length, offset);
            listener.bytesWritten(length);
            if (--pendingWrites == 0) finish();
        } catch (IOException e) {
            fail(e);
        }
    }

    /** One planned write will never come (its blob failed); the file fails with {@code cause}. */
    synchronized void blobFailed(IOException cause) {
        pendingWrites--;
        fail(cause);
    }

    /**
     * Marks the file failed: reported once, closed, and removed from the target if a regular file stands there (this
     * restore's, or an older one it was to replace: no wrong content is left under the name). Anything else at the
     * path (a symbolic link, which is never followed; a directory) is not this restore's to remove.
     */
    synchronized void fail(IOException cause) {
        if (failed) return;
        failed = true;
        listener.error(location, cause);
        try {
            if (file != null) file.close();
        } catch (IOException ignored) {
            // the file is removed anyway
        } finally {
            file = null;
        }
        try {
            if (!Posix.lstat(path).isRegularFile()) return;
            Posix.unlink(path);
        } catch (NoSuchFileException ignored) {
            // never created
        } catch (IOException e) {
            listener.warning(location, "could not remove the incomplete file: " + e.getMessage());
        }
    }

    synchronized boolean failed() {
        return failed;
    }

    /** True once all content is written and the file is closed. */
    synchronized boolean complete() {
        return complete;
    }

    /**
     * Reports what applying the metadata at completion warned about, and throws its first failure; call after
     * {@link #complete()}.
     */
    synchronized void reportMetadata() throws IOException {
        for (String w : metadataWarnings) listener.warning(location, w);
        if (metadataFailure != null) throw metadataFailure;
    }

    /** Closes a file left open by a run that was aborted. */
    synchronized void abandon() {
        if (file == null) return;
        try {
            file.close();
        } catch (IOException ignored) {
            // aborting anyway
        }
        file = null;
    }

    private void open() throws IOException {
        file = PosixFile.open(path, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC | Posix.O_NOFOLLOW, CREATE_PERMISSIONS);
        file.truncate(node.size());
    }

    private void finish() throws IOException {
        PosixFile f = file;
        file = null;
        try {
            metadata.apply(f, node, w -> {
                if (metadataWarnings.isEmpty()) metadataWarnings = new ArrayList<>(1);
                metadataWarnings.add(w);
            });
        } catch (IOException e) {
            metadataFailure = e;
        }
        f.close();
        complete = true;
    }

    private static boolean isZero(byte[] b, int length) {
        for (int off = 0; off < length; off += ZERO_CHECK_CHUNK) {
            int len = Math.min(ZERO_CHECK_CHUNK, length - off);
            if (Arrays.mismatch(b, off, off + len, ZEROS, 0, len) >= 0) return false;
        }
        return true;
    }
}

package io.jrestic.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

/**
 * Where a repository's files live: a local directory, an object store bucket or a REST server.
 *
 * <p>The contract is the smallest one an object store can honour: whole-file writes that are atomic (a file
 * is never visible under its final name half-written), ranged reads, listing by type, and deletes. There is
 * no rename and no append. Files are never modified after they are saved. Implementations are thread-safe;
 * {@link #connections()} tells callers how many operations they should run at once.
 *
 * <p>Errors: a missing file is a {@link NoSuchFileException} naming the file; anything else is an
 * {@link IOException} whose message names the location and file and never contains a secret.
 */
public interface Backend extends AutoCloseable {

    /** A description for messages, e.g. "local:/srv/repo" or "s3:host/bucket/prefix", without credentials. */
    String location();

    /** How many requests this backend wants in flight at once. */
    int connections();

    /** Creates the repository's directory structure (or bucket) if the medium needs one. Idempotent. */
    void create() throws IOException;

    /**
     * Saves a new file atomically. Fails with {@link FileAlreadyExistsException} if it exists (repository files
     * are content-addressed: an existing one is never overwritten).
     */
    void save(FileHandle handle, ByteSource content) throws IOException;

    /**
     * Opens {@code length} bytes starting at {@code offset}; {@code length == 0} reads to the end.
     * The stream yields exactly the requested bytes or fails.
     */
    InputStream openRange(FileHandle handle, long offset, long length) throws IOException;

    /** Reads a whole file; for the small files (config, keys, locks, snapshots, index). */
    default byte[] load(FileHandle handle) throws IOException {
        try (InputStream in = openRange(handle, 0, 0)) {
            return in.readAllBytes();
        }
    }

    /** Reads exactly {@code length} bytes at {@code offset}. */
    default byte[] loadRange(FileHandle handle, long offset, int length) throws IOException {
        try (InputStream in = openRange(handle, offset, length)) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new IOException(location() + ": " + handle + ": short read at offset " + offset
                        + " (" + bytes.length + " of " + length + " bytes)");
            }
            return bytes;
        }
    }

    /** Size of a file; {@link NoSuchFileException} if it does not exist. */
    FileInfo stat(FileHandle handle) throws IOException;

    /** Deletes a file; deleting a missing file is not an error. */
    void remove(FileHandle handle) throws IOException;

    /**
     * Lists all files of one type, in no particular order. Names that are not valid IDs (temporary files,
     * foreign files) are skipped. Listing {@link FileType#CONFIG} yields the config file alone, if it exists
     * (implementations delegate that case to {@link #listConfig}).
     */
    void list(FileType type, Consumer<FileInfo> consumer) throws IOException;

    /** The listing of {@link FileType#CONFIG}: the config file if it exists, else nothing. */
    default void listConfig(Consumer<FileInfo> consumer) throws IOException {
        try {
            consumer.accept(stat(FileHandle.CONFIG));
        } catch (NoSuchFileException e) {
            // no config: an empty listing
        }
    }

    /** True if the repository exists, i.e. has a config file. */
    default boolean exists() throws IOException {
        return exists(FileHandle.CONFIG);
    }

    /** True if the file exists: {@link #stat} succeeds; false if it reports {@link NoSuchFileException}. */
    default boolean exists(FileHandle handle) throws IOException {
        try {
            stat(handle);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    void close() throws IOException;
}

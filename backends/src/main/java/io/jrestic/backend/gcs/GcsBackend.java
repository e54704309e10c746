package io.jrestic.backend.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageException;
import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A repository in a Google Cloud Storage bucket, under an object name prefix (§2.3): {@code <prefix>/config},
 * {@code <prefix>/keys/<id>}, {@code <prefix>/data/<xx>/<id>}, … Talks to the JSON API through google-cloud-storage.
 *
 * <p>Saves never overwrite: every upload carries the precondition {@code ifGenerationMatch=0}, so the server refuses
 * it if the object exists, which surfaces as {@link java.nio.file.FileAlreadyExistsException}. Every upload also
 * announces the content's CRC-32C and MD5, so the server rejects an object whose bytes arrived damaged: the
 * {@link ByteSource} is read twice, once to hash it and once to send it. Files up to
 * {@link GcsSettings#singleRequestLimit()} bytes are streamed in one request; larger ones go through a resumable
 * session in chunks of {@link GcsSettings#uploadChunkSize()} bytes, the only part of an upload held in memory.
 *
 * <p>This class does not retry: wrap it in a {@link io.jrestic.backend.retry.RetryingBackend} (as
 * {@link GcsBackendFactory} does) and give the client a single attempt, or the two retry loops multiply.
 */
public final class GcsBackend implements Backend {
    /** Objects per listing page; the JSON API's maximum. */
    static final int LIST_PAGE_SIZE = 1000;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final Storage storage;
    private final GcsLocation location;
    private final GcsSettings settings;

    /** Uses {@code storage} (closed with this backend) for the repository at {@code location}. */
    public GcsBackend(Storage storage, GcsLocation location, GcsSettings settings) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.location = Objects.requireNonNull(location, "location");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public GcsLocation gcsLocation() {
        return location;
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public int connections() {
        return settings.connections();
    }

    /**
     * Creates the bucket if it does not exist, in {@link GcsSettings#projectId()} and {@link GcsSettings#region()}.
     * Like restic, a 403 on looking the bucket up counts as "exists": credentials may grant object access only.
     */
    @Override
    public void create() throws IOException {
        String bucketLocation = "gs:" + location.bucket() + ":/";
        Bucket bucket;
        try {
            bucket = storage.get(location.bucket());
        } catch (StorageException e) {
            if (e.getCode() == GcsErrors.FORBIDDEN) return;
            throw GcsErrors.translate("look up bucket", bucketLocation, e, false, location.bucket());
        }
        if (bucket != null) return;
        if (settings.projectId() == null || settings.projectId().isEmpty()) {
            throw new GcsPermanentException(location + ": bucket " + location.bucket()
                    + " does not exist; set GOOGLE_PROJECT_ID to have it created", null);
        }
        BucketInfo.Builder info = BucketInfo.newBuilder(location.bucket());
        if (settings.region() != null) info.setLocation(settings.region());
        try {
            storage.create(info.build());
        } catch (StorageException e) {
            throw GcsErrors.translate("create bucket", bucketLocation + " in project " + settings.projectId(), e,
                    false, location.bucket());
        }
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        String what = describe(handle);
        BlobId blob = blobId(handle);
        try {
            if (content.length() <= settings.singleRequestLimit()) {
                saveInOneRequest(blob, content, what);
            } else {
                saveResumable(blob, content, what);
            }
        } catch (StorageException e) {
            throw GcsErrors.translate("save", what, e, true, location.bucket());
        }
    }

    /**
     * One multipart request, streamed from the source. The library deprecates this call because it cannot retry
     * it itself (it cannot rewind the stream); here the retrying is {@link io.jrestic.backend.retry.RetryingBackend}'s,
     * which re-opens the source. Unlike the byte-array variant it announces the MD5 as well as the CRC-32C.
     */
    @SuppressWarnings("deprecation")
    private void saveInOneRequest(BlobId blob, ByteSource content, String what) throws IOException {
        // Repository files are encrypted: gzip (the client's default for uploads) would only cost time.
        BlobInfo info = describedBlob(blob, ContentHashes.of(content, what));
        try (InputStream in = content.open()) {
            storage.create(info, in, BlobWriteOption.doesNotExist(), BlobWriteOption.crc32cMatch(), md5Match(),
                    BlobWriteOption.disableGzipContent());
        }
    }

    /**
     * A resumable session. On any failure the session is abandoned, never closed: closing would commit the bytes
     * sent so far (the announced checksums would make the server refuse them, but it is better not to ask).
     */
    private void saveResumable(BlobId blob, ByteSource content, String what) throws IOException {
        BlobInfo info = describedBlob(blob, ContentHashes.of(content, what));
        WriteChannel writer = storage.writer(info, BlobWriteOption.doesNotExist(), BlobWriteOption.crc32cMatch(),
                md5Match(), BlobWriteOption.disableGzipContent());
        writer.setChunkSize(settings.uploadChunkSize());
        long written;
        try (InputStream in = content.open()) {
            written = copy(in, writer);
        } catch (IOException e) {
            throw GcsErrors.translate("save", what, e, location.bucket());
        }
        if (written != content.length()) {
            throw new IOException("save " + what + ": the source yielded " + written + " bytes but announced "
                    + content.length());
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw GcsErrors.translate("save", what, e, location.bucket());
        }
    }

    /** The object's metadata: its type and the checksums the server verifies the upload against. */
    private static BlobInfo describedBlob(BlobId blob, ContentHashes hashes) {
        return BlobInfo.newBuilder(blob).setContentType(CONTENT_TYPE)
                .setCrc32c(hashes.crc32c()).setMd5(hashes.md5()).build();
    }

    /**
     * Keeps the MD5 in the upload's metadata. The library deprecates the option (CRC-32C alone is its
     * recommendation), but the JSON API still verifies both, and the second check costs one more hash only.
     */
    @SuppressWarnings("deprecation")
    private static BlobWriteOption md5Match() {
        return BlobWriteOption.md5Match();
    }

    private static long copy(InputStream in, WriteChannel writer) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) writer.write(chunk);
            total += n;
        }
        return total;
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(handle + ": negative range " + offset + "+" + length);
        }
        String what = describe(handle);
        ReadChannel reader;
        try {
            reader = storage.reader(blobId(handle));
            if (offset > 0) reader.seek(offset);
            if (length > 0) reader.limit(offset + length);
        } catch (IOException e) {
            throw GcsErrors.translate("open", what, e, location.bucket());
        } catch (StorageException e) {
            throw GcsErrors.translate("open", what, e, false, location.bucket());
        }
        InputStream range = new GcsRangeInputStream(reader, what, location.bucket(), offset,
                length == 0 ? GcsRangeInputStream.TO_END : length);
        // Read the first byte now, so a missing or forbidden object fails here and not at the first read.
        PushbackInputStream stream = new PushbackInputStream(range, 1);
        try {
            int first = stream.read();
            if (first >= 0) {
                stream.unread(first);
            } else if (offset > 0) {
                // Nothing at the offset: fine at exactly the end of the object, an error beyond it.
                long size = stat(handle).size();
                if (offset > size) {
                    throw new EOFException(what + ": offset " + offset + " is beyond the end of the object ("
                            + size + " bytes)");
                }
            }
        } catch (IOException | RuntimeException e) {
            range.close();
            throw e;
        }
        return stream;
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        String what = describe(handle);
        Blob blob;
        try {
            blob = storage.get(blobId(handle), BlobGetOption.fields(BlobField.SIZE));
        } catch (StorageException e) {
            throw GcsErrors.translate("stat", what, e, false, location.bucket());
        }
        if (blob == null) throw new NoSuchFileException(what, null, "no such file");
        return new FileInfo(handle, blob.getSize());
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        try {
            storage.delete(blobId(handle)); // false for a missing object, which is fine
        } catch (StorageException e) {
            IOException translated = GcsErrors.translate("remove", describe(handle), e, false, location.bucket());
            if (!(translated instanceof NoSuchFileException)) throw translated;
        }
    }

    /**
     * Lists the objects under the type's directory, page by page. Like restic, any depth counts and an object's
     * file name is the last element of its name; names that are not IDs are skipped.
     */
    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        if (type == FileType.CONFIG) {
            listConfig(consumer);
            return;
        }
        String directory = location.directoryPrefix(type);
        try {
            Page<Blob> page = storage.list(location.bucket(), BlobListOption.prefix(directory),
                    BlobListOption.pageSize(LIST_PAGE_SIZE), BlobListOption.fields(BlobField.NAME, BlobField.SIZE));
            while (page != null) {
                for (Blob blob : page.getValues()) {
                    String name = blob.getName();
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    if (Id.isValid(base)) consumer.accept(new FileInfo(new FileHandle(type, base), blob.getSize()));
                }
                page = page.hasNextPage() ? page.getNextPage() : null;
            }
        } catch (StorageException e) {
            throw GcsErrors.translate("list", "gs:" + location.bucket() + ":/" + directory, e, true,
                    location.bucket());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            storage.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(location + ": close: " + GcsErrors.firstLine(e), e);
        }
    }

    @Override
    public String toString() {
        return location.toString();
    }

    private BlobId blobId(FileHandle handle) {
        return BlobId.of(location.bucket(), location.objectName(handle));
    }

    /** The object as a location, e.g. {@code gs:bucket:/prefix/data/ab/ab12…}, for messages. */
    private String describe(FileHandle handle) {
        return "gs:" + location.bucket() + ":/" + location.objectName(handle);
    }
}

package io.jrestic.cache;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackHeader;
import io.jrestic.pack.PackReader;
import io.jrestic.repository.Repository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A backend that keeps snapshot files, index files and tree packs in a {@link RepositoryCache} as restic does: reads
 * of them are served from local disk once cached, uploads of them are cached as they are saved, and cache entries of
 * files the repository no longer has are removed when the repository is listed or the file is removed.
 *
 * <p>Until {@link #attach attached} to an opened repository it passes everything through: the cache directory is
 * named by the repository ID inside the encrypted config, and tree packs are recognised with the repository's key and
 * index. What goes to the cache:
 * <ul>
 *   <li>snapshot and index files: every read ({@link #load}, {@link #loadRange}, {@link #openRange}) and save;</li>
 *   <li>packs holding tree blobs: blob reads ({@link #loadRange}; the whole pack is fetched on the first one, as restic
 *       does) and saves. {@link #openRange} of a pack always reads the backend: it streams data for restore and
 *       {@code check --read-data}, which must see the stored bytes.</li>
 * </ul>
 * The cache is an optimisation only: a damaged cached file is deleted and read again from the backend, and a cache
 * that cannot be written leaves every operation to the backend. Thread-safe.
 */
public final class CachingBackend implements Backend {

    /** What the cache needs from an opened repository. */
    private record Attachment(RepositoryCache cache, CryptoKey key, Supplier<MasterIndex> index) {
    }

    private final Backend delegate;
    private volatile Attachment attachment;
    /** Packs known to hold (true) or not to hold (false) tree blobs; a pack's content never changes. */
    private final Map<String, Boolean> treePacks = new ConcurrentHashMap<>();
    /** Tree packs whose download into the cache failed in this process: read from the backend from now on. */
    private final Set<String> uncacheable = ConcurrentHashMap.newKeySet();
    private final Map<String, ReentrantLock> downloads = new ConcurrentHashMap<>();

    public CachingBackend(Backend delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Starts caching for {@code repository}, which must have been opened on this backend: opens (creating as needed)
     * {@code <base>/<repository id>} and returns it.
     */
    public RepositoryCache attach(Path base, Repository repository) throws IOException {
        RepositoryCache cache = RepositoryCache.open(base, repository.config().id());
        attach(cache, repository.key(), repository::index);
        return cache;
    }

    /**
     * Starts caching into {@code cache}.
     *
     * @param key   the master key, to read the headers of packs being saved
     * @param index the repository's current index, to tell which packs hold trees
     */
    public void attach(RepositoryCache cache, CryptoKey key, Supplier<MasterIndex> index) {
        attachment = new Attachment(Objects.requireNonNull(cache, "cache"), Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(index, "index"));
    }

    /** The cache in use, or null before {@link #attach}. */
    public RepositoryCache cache() {
        Attachment a = attachment;
        return a == null ? null : a.cache();
    }

    /** The backend behind the cache. */
    public Backend delegate() {
        return delegate;
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public int connections() {
        return delegate.connections();
    }

    @Override
    public void create() throws IOException {
        delegate.create();
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        delegate.save(handle, content);
        Attachment a = attachment;
        if (a == null || !RepositoryCache.caches(handle.type())) return;
        try {
            if (handle.type() == FileType.PACK && !holdsTrees(handle, content, a)) return;
            try (InputStream in = content.open()) {
                a.cache().save(handle, in);
            }
        } catch (IOException | RuntimeException e) {
            // Not cached: the file is safe in the repository, and a later read fetches it.
        }
    }

    @Override
    public byte[] load(FileHandle handle) throws IOException {
        Attachment a = attachment;
        if (a == null || !cachesWholeFiles(handle.type())) return delegate.load(handle);
        byte[] cached = readCached(a, handle);
        if (cached != null) return cached;
        byte[] bytes = delegate.load(handle);
        if (Id.hash(bytes).toString().equals(handle.name())) {
            try {
                a.cache().save(handle, new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                // not cached; the caller has its bytes
            }
        }
        // A damaged file is handed on uncached: the repository reports the damage.
        return bytes;
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        if (attachment == null || !cachesWholeFiles(handle.type())) return delegate.openRange(handle, offset, length);
        byte[] bytes = load(handle);
        checkRange(handle, offset, length, bytes.length);
        int end = length == 0 ? bytes.length : Math.toIntExact(offset + length);
        return new ByteArrayInputStream(bytes, (int) offset, end - (int) offset);
    }

    @Override
    public byte[] loadRange(FileHandle handle, long offset, int length) throws IOException {
        Attachment a = attachment;
        if (a == null || !RepositoryCache.caches(handle.type())) return delegate.loadRange(handle, offset, length);
        if (cachesWholeFiles(handle.type())) {
            try (InputStream in = openRange(handle, offset, length)) {
                return in.readAllBytes();
            }
        }
        if (!isTreePack(handle, a)) return delegate.loadRange(handle, offset, length);
        Path cached = cachedPack(handle, a);
        if (cached != null) {
            try {
                return RepositoryCache.readRange(cached, offset, length);
            } catch (IOException e) {
                // removed meanwhile, or a range beyond the file: the backend answers as it would without a cache
            }
        }
        return delegate.loadRange(handle, offset, length);
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        return delegate.stat(handle);
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        delegate.remove(handle);
        Attachment a = attachment;
        if (a != null && RepositoryCache.caches(handle.type())) {
            try {
                a.cache().remove(handle);
            } catch (IOException e) {
                // a stale entry is removed at the next listing
            }
        }
    }

    /**
     * Lists the backend; once a listing of snapshots, index files or packs completes, cached files of that type which
     * the backend did not list are removed (another client deleted them).
     */
    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        Attachment a = attachment;
        if (a == null || !RepositoryCache.caches(type)) {
            delegate.list(type, consumer);
            return;
        }
        Set<String> listed = ConcurrentHashMap.newKeySet();
        delegate.list(type, info -> {
            listed.add(info.handle().name());
            consumer.accept(info);
        });
        try {
            a.cache().retainOnly(type, listed);
        } catch (IOException e) {
            // pruning the cache is best effort
        }
    }

    /**
     * Closes the backend. If the repository's index is loaded, cached packs that it does not name as tree packs are
     * removed first (deleted by a prune elsewhere), as restic clears its cache after loading the index.
     */
    @Override
    public void close() throws IOException {
        try {
            Attachment a = attachment;
            if (a != null) removeStalePacks(a);
        } finally {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    private void removeStalePacks(Attachment a) {
        try {
            if (a.index().get().packCount() == 0) return;
            for (String name : a.cache().names(FileType.PACK)) {
                FileHandle pack = new FileHandle(FileType.PACK, name);
                if (!isTreePack(pack, a)) a.cache().remove(pack);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the entries are removed another time
        }
    }

    private static boolean cachesWholeFiles(FileType type) {
        return type == FileType.SNAPSHOT || type == FileType.INDEX;
    }

    private static byte[] readCached(Attachment a, FileHandle handle) {
        try {
            return a.cache().load(handle);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True if the index says the pack holds tree blobs; unknown packs are not cached. */
    private boolean isTreePack(FileHandle pack, Attachment a) {
        Boolean known = treePacks.get(pack.name());
        if (known != null) return known;
        List<IndexEntry> blobs = a.index().get().blobsOfPack(pack.id());
        if (blobs.isEmpty()) return false;
        boolean trees = blobs.stream().anyMatch(e -> e.type() == BlobType.TREE);
        treePacks.put(pack.name(), trees);
        return trees;
    }

    /** The verified cached copy of a tree pack, downloading the whole pack first if needed; null if unavailable. */
    private Path cachedPack(FileHandle pack, Attachment a) {
        if (uncacheable.contains(pack.name())) return null;
        ReentrantLock lock = downloads.computeIfAbsent(pack.name(), k -> new ReentrantLock());
        lock.lock();
        try {
            Path path = a.cache().verified(pack);
            if (path != null) return path;
            try (InputStream in = delegate.openRange(pack, 0, 0)) {
                a.cache().save(pack, in);
            }
            return a.cache().path(pack);
        } catch (IOException | RuntimeException e) {
            uncacheable.add(pack.name());
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Reads the header of a pack being saved to learn whether it holds trees. */
    private boolean holdsTrees(FileHandle pack, ByteSource content, Attachment a) throws IOException {
        long size = content.length();
        if (size < PackHeader.FIXED_OVERHEAD) return false;
        byte[] last = tail(content, PackHeader.TAIL);
        long headerLength = (last[0] & 0xFFL) | (last[1] & 0xFFL) << 8 | (last[2] & 0xFFL) << 16 | (last[3] & 0xFFL) << 24;
        if (headerLength + PackHeader.TAIL > size) return false;
        byte[] tail = tail(content, (int) headerLength + PackHeader.TAIL);
        List<PackBlob> blobs = PackReader.parseHeader(tail, size, a.key(), pack.toString());
        boolean trees = blobs.stream().anyMatch(b -> b.type() == BlobType.TREE);
        treePacks.put(pack.name(), trees);
        return trees;
    }

    private static byte[] tail(ByteSource content, int length) throws IOException {
        try (InputStream in = content.open()) {
            in.skipNBytes(content.length() - length);
            return in.readNBytes(length);
        }
    }

    private void checkRange(FileHandle handle, long offset, long length, int size) throws IOException {
        if (offset < 0 || length < 0 || offset > size || offset + length > size) {
            throw new IOException(location() + ": " + handle + ": short read at offset " + offset + " (file has "
                    + size + " bytes, " + length + " requested)");
        }
    }
}

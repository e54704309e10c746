package io.jrestic.cache;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Passes everything to a backend and counts the read requests per file type, for cache tests. */
final class CountingBackend implements Backend {
    private final Backend delegate;
    private final Map<FileType, AtomicInteger> reads = new EnumMap<>(FileType.class);

    CountingBackend(Backend delegate) {
        this.delegate = delegate;
        for (FileType t : FileType.values()) reads.put(t, new AtomicInteger());
    }

    /** Read requests (load, loadRange, openRange) for files of {@code type} so far. */
    int reads(FileType type) {
        return reads.get(type).get();
    }

    void reset() {
        reads.values().forEach(c -> c.set(0));
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
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        reads.get(handle.type()).incrementAndGet();
        return delegate.openRange(handle, offset, length);
    }

    @Override
    public byte[] load(FileHandle handle) throws IOException {
        reads.get(handle.type()).incrementAndGet();
        return delegate.load(handle);
    }

    @Override
    public byte[] loadRange(FileHandle handle, long offset, int length) throws IOException {
        reads.get(handle.type()).incrementAndGet();
        return delegate.loadRange(handle, offset, length);
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        return delegate.stat(handle);
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        delegate.remove(handle);
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        delegate.list(type, consumer);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}

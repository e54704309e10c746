package io.jrestic.cache;

import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.ForwardingBackend;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Passes everything to a backend and counts the read requests per file type, for cache tests. */
final class CountingBackend extends ForwardingBackend {
    private final Map<FileType, AtomicInteger> reads = new EnumMap<>(FileType.class);

    CountingBackend(Backend delegate) {
        super(delegate);
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
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        reads.get(handle.type()).incrementAndGet();
        return delegate.openRange(handle, offset, length);
    }

    // load and loadRange go to the delegate's own implementations, each counted as one request
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
}

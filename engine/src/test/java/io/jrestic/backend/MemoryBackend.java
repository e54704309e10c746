package io.jrestic.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link Backend} in a map, for tests: thread-safe, honours the contract (no overwrite, exact ranged reads,
 * {@link NoSuchFileException} for missing files), and counts read requests so tests can check how often a
 * reader goes to the store. {@link #replace} lets a test damage a stored file.
 */
public final class MemoryBackend implements Backend {
    private final Map<FileHandle, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final String location;

    public MemoryBackend() {
        this("memory:test");
    }

    public MemoryBackend(String location) {
        this.location = location;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return 2;
    }

    @Override
    public void create() {
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != content.length()) {
            throw new IOException(location + ": " + handle + ": source yielded " + bytes.length + " of "
                    + content.length() + " bytes");
        }
        if (files.putIfAbsent(handle, bytes) != null) {
            throw new FileAlreadyExistsException(location + ": " + handle);
        }
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        reads.incrementAndGet();
        byte[] bytes = get(handle);
        if (offset < 0 || length < 0 || offset > bytes.length || offset + length > bytes.length) {
            throw new IOException(location + ": " + handle + ": range " + offset + "+" + length
                    + " outside the file's " + bytes.length + " bytes");
        }
        int n = length == 0 ? bytes.length - (int) offset : (int) length;
        return new ByteArrayInputStream(bytes, (int) offset, n);
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        return new FileInfo(handle, get(handle).length);
    }

    @Override
    public void remove(FileHandle handle) {
        files.remove(handle);
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) {
        List<Map.Entry<FileHandle, byte[]>> snapshot = files.entrySet().stream()
                .filter(e -> e.getKey().type() == type).toList();
        for (Map.Entry<FileHandle, byte[]> e : snapshot) consumer.accept(new FileInfo(e.getKey(), e.getValue().length));
    }

    @Override
    public void close() {
    }

    /** Stores or overwrites a file, bypassing the no-overwrite rule; for fixtures and damage. */
    public void replace(FileHandle handle, byte[] bytes) {
        files.put(handle, bytes.clone());
    }

    /** A copy of a stored file's bytes. */
    public byte[] bytes(FileHandle handle) throws NoSuchFileException {
        return get(handle).clone();
    }

    /** Number of {@link #openRange} calls so far (every load goes through it). */
    public int readRequests() {
        return reads.get();
    }

    public int fileCount() {
        return files.size();
    }

    private byte[] get(FileHandle handle) throws NoSuchFileException {
        byte[] bytes = files.get(handle);
        if (bytes == null) throw new NoSuchFileException(location + ": " + handle);
        return bytes;
    }
}

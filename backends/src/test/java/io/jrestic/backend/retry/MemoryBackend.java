package io.jrestic.backend.retry;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * A backend in a map, listing in name order; the simplest thing that honours the contract. Public for the tests of
 * other decorators.
 */
public class MemoryBackend implements Backend {
    final Map<String, byte[]> files = new ConcurrentSkipListMap<>();

    @Override
    public String location() {
        return "memory:";
    }

    @Override
    public int connections() {
        return 1;
    }

    @Override
    public void create() throws IOException {
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        }
        if (files.putIfAbsent(handle.path(), bytes) != null) throw new FileAlreadyExistsException(handle.path());
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        byte[] bytes = bytes(handle);
        long end = length == 0 ? bytes.length : offset + length;
        if (offset > bytes.length || end > bytes.length) throw new EOFException(handle + ": beyond the end");
        return new ByteArrayInputStream(bytes, (int) offset, (int) (end - offset));
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        return new FileInfo(handle, bytes(handle).length);
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        files.remove(handle.path());
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        files.forEach((path, bytes) -> {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (type == FileType.CONFIG ? path.equals("config") : path.startsWith(type.directory() + "/")) {
                consumer.accept(new FileInfo(new FileHandle(type, name), bytes.length));
            }
        });
    }

    @Override
    public void close() {
    }

    private byte[] bytes(FileHandle handle) throws NoSuchFileException {
        byte[] bytes = files.get(handle.path());
        if (bytes == null) throw new NoSuchFileException(handle.path());
        return bytes;
    }
}

package io.jrestic.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A backend that forwards each of {@link Backend}'s own calls to another; a decorator (or a test) overrides the calls
 * it changes. The default methods ({@link #load}, {@link #loadRange}, {@link #exists}, …) are not forwarded: they run
 * on this backend's calls, so a subclass that changes {@link #openRange} or {@link #stat} changes them too.
 */
public abstract class ForwardingBackend implements Backend {
    protected final Backend delegate;

    protected ForwardingBackend(Backend delegate) {
        this.delegate = delegate;
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
        return delegate.openRange(handle, offset, length);
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

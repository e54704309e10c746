package io.jrestic.backend.retry;

import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link MemoryBackend} whose calls fail on cue: each call takes the next queued failure, if any, and throws it
 * at a point that mimics a real network failure (a save after reading its content, a listing after some entries).
 */
final class FlakyBackend extends MemoryBackend {
    private final Deque<IOException> failures = new ArrayDeque<>();
    final AtomicInteger calls = new AtomicInteger();
    /** When set, a failing save stores the file before throwing: the request arrived, the response got lost. */
    boolean failAfterStoring;
    /** How many entries a failing listing hands out before it throws. */
    int entriesBeforeListFailure;

    FlakyBackend failNext(IOException... errors) {
        failures.addAll(java.util.List.of(errors));
        return this;
    }

    private synchronized IOException nextFailure() {
        calls.incrementAndGet();
        return failures.poll();
    }

    private void maybeFail() throws IOException {
        IOException failure = nextFailure();
        if (failure != null) throw failure;
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        IOException failure = nextFailure();
        if (failure == null) {
            super.save(handle, content);
            return;
        }
        if (failAfterStoring) {
            super.save(handle, content);
        } else {
            try (InputStream in = content.open()) {
                in.readNBytes((int) content.length() / 2); // the upload dies half way
            }
        }
        throw failure;
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        maybeFail();
        return super.openRange(handle, offset, length);
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        maybeFail();
        return super.stat(handle);
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        maybeFail();
        super.remove(handle);
    }

    @Override
    public void create() throws IOException {
        maybeFail();
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        IOException failure = nextFailure();
        if (failure == null) {
            super.list(type, consumer);
            return;
        }
        java.util.List<FileInfo> all = new java.util.ArrayList<>();
        super.list(type, all::add);
        all.stream().limit(entriesBeforeListFailure).forEach(consumer);
        throw failure;
    }
}

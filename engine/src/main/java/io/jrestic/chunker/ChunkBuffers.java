package io.jrestic.chunker;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recycled chunk buffers for {@link ChunkReader#nextPooled()}: a backup chunks gigabytes, and a fresh array per
 * chunk (about 1.5 MiB each) kept the collector busy copying chunks that were still queued for saving, and
 * promoted them into an old generation that then grew instead of being collected. Buffers start at
 * {@link #STANDARD_CAPACITY}, which holds most chunks and their read-ahead; one that grew for a long chunk (8% of
 * chunks) is dropped when released, since keeping them filled the free list with buffers of up to 8 MiB and
 * doubled the live heap. The free list holds at most {@code maxFree} buffers.
 * Thread-safe: readers take, blob workers release.
 */
public final class ChunkBuffers {
    /**
     * Room for a chunk of up to 3 MiB plus one read-ahead: chunk lengths beyond the 512 KiB minimum are about
     * exponential with a 1 MiB mean, so 92% of chunks fit and the rest grow their buffer, by 1 MiB steps.
     */
    public static final int STANDARD_CAPACITY = 3 * 1024 * 1024 + ChunkReader.READ_SIZE;

    private final ConcurrentLinkedDeque<byte[]> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private final int maxFree;

    /** A pool that keeps at most {@code maxFree} idle buffers; the callers bound how many are in use. */
    public ChunkBuffers(int maxFree) {
        if (maxFree < 0) throw new IllegalArgumentException("negative maxFree " + maxFree);
        this.maxFree = maxFree;
    }

    /** An idle buffer, or a new one of {@link #STANDARD_CAPACITY} bytes. */
    byte[] take() {
        byte[] b = free.pollFirst();
        if (b == null) return new byte[STANDARD_CAPACITY];
        freeCount.decrementAndGet();
        return b;
    }

    /** Hands a buffer back once nobody reads it any more. */
    public void release(byte[] buffer) {
        if (buffer.length > STANDARD_CAPACITY) return; // a long chunk's buffer: kept, such buffers would pile up in the free list
        if (freeCount.incrementAndGet() > maxFree) {
            freeCount.decrementAndGet();
            return;
        }
        free.addFirst(buffer); // most recently used first: its pages are still resident
    }

    /** Idle buffers held; for tests and memory accounting. */
    public int idle() {
        return freeCount.get();
    }
}

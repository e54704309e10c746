package io.jrestic.chunker;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recycled chunk buffers for {@link ChunkReader#nextPooled()}: a backup chunks gigabytes, and a fresh array per
 * chunk (about 1.5 MiB each) kept the collector busy copying chunks that were still queued for saving, and
 * promoted them into an old generation that then grew instead of being collected. Two sizes: a
 * {@link #STANDARD_CAPACITY} buffer holds most chunks and their read-ahead; a chunk that outgrows it (8% of chunks)
 * moves once into a {@link #LARGE_CAPACITY} one, which holds any chunk. Both kinds are recycled: dropping the
 * large ones instead made every long chunk garbage that outlived the young generation, and a 2 GiB stream backup's
 * heap grew to 430 MiB of them. Each free list holds at most {@code maxFree} buffers, and the callers bound how
 * many are in use, so the pool's memory is bounded. Thread-safe: readers take, blob workers release.
 */
public final class ChunkBuffers {
    /**
     * Room for a chunk of up to 3 MiB plus one read-ahead: chunk lengths beyond the 512 KiB minimum are about
     * exponential with a 1 MiB mean, so 92% of chunks fit and the rest grow their buffer, by 1 MiB steps.
     */
    public static final int STANDARD_CAPACITY = 3 * 1024 * 1024 + ChunkReader.READ_SIZE;

    /** Room for the longest chunk: with this many bytes buffered the chunker always finds a cut. */
    public static final int LARGE_CAPACITY = Chunker.MAX_SIZE;

    private final FreeList standard;
    private final FreeList large;

    /** A pool that keeps at most {@code maxFree} idle buffers of each size; the callers bound how many are in use. */
    public ChunkBuffers(int maxFree) {
        if (maxFree < 0) throw new IllegalArgumentException("negative maxFree " + maxFree);
        this.standard = new FreeList(STANDARD_CAPACITY, maxFree);
        this.large = new FreeList(LARGE_CAPACITY, maxFree);
    }

    /** An idle buffer, or a new one of {@link #STANDARD_CAPACITY} bytes. */
    byte[] take() {
        return standard.take();
    }

    /** An idle buffer of {@link #LARGE_CAPACITY} bytes, or a new one, for a chunk that outgrew a standard buffer. */
    byte[] takeLarge() {
        return large.take();
    }

    /** Hands a buffer back once nobody reads it any more; one of another size (not from this pool) is dropped. */
    public void release(byte[] buffer) {
        if (buffer.length == STANDARD_CAPACITY) standard.keep(buffer);
        else if (buffer.length == LARGE_CAPACITY) large.keep(buffer);
    }

    /** Idle buffers held, of both sizes; for tests and memory accounting. */
    public int idle() {
        return standard.count.get() + large.count.get();
    }

    /** The idle buffers of one capacity, at most {@code maxFree} of them. */
    private static final class FreeList {
        private final ConcurrentLinkedDeque<byte[]> buffers = new ConcurrentLinkedDeque<>();
        private final AtomicInteger count = new AtomicInteger();
        private final int capacity;
        private final int maxFree;

        FreeList(int capacity, int maxFree) {
            this.capacity = capacity;
            this.maxFree = maxFree;
        }

        byte[] take() {
            byte[] b = buffers.pollFirst();
            if (b == null) return new byte[capacity];
            count.decrementAndGet();
            return b;
        }

        void keep(byte[] buffer) {
            if (count.incrementAndGet() > maxFree) {
                count.decrementAndGet();
                return;
            }
            buffers.addFirst(buffer); // most recently used first: its pages are still resident
        }
    }
}

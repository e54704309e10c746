package io.jrestic.chunker;

/**
 * A chunk in a recycled buffer: its bytes are {@code buffer[0, length)}. The receiver owns the buffer until it
 * calls {@link #release()}, after which it must not touch it again.
 *
 * @param cutFingerprint as {@link Chunk#cutFingerprint()}
 */
public record PooledChunk(byte[] buffer, int length, long cutFingerprint, ChunkBuffers pool) {
    /** Returns the buffer to its pool. */
    public void release() {
        pool.release(buffer);
    }
}

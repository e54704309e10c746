package io.jrestic.compress;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * zstd through zstd-jni, with the frame settings restic-format §7 recommends for writers: one frame per call,
 * content size in the frame header, no checksum, a window of at most {@link #MAX_WINDOW_LOG 8 MiB}.
 *
 * <p>Readers accept anything conforming: frames with or without content size and checksum, and several
 * concatenated frames. Compression contexts are native objects reused per thread, because creating one costs
 * more than compressing a small tree blob; they live as long as their thread. Thread-safe.
 *
 * <p>A caller storing blobs must not compress a zero-length blob (restic-format §7); this class compresses
 * whatever it is given.
 */
public final class Zstd {
    /** The lowest and highest levels accepted; levels above 19 ("ultra") need windows beyond the cap below. */
    public static final int MIN_LEVEL = 1;
    public static final int MAX_LEVEL = 19;
    /** Writer window cap: 2^23 = 8 MiB, enough for any blob (the chunker's largest is 8 MiB). */
    public static final int MAX_WINDOW_LOG = 23;
    /**
     * Reader window limit: 2^31, zstd's largest. Frames from other writers (rustic, the zstd CLI with
     * {@code --long}) may declare large windows; restic accepts them, and the data is authenticated before it
     * reaches the decoder, so there is no hostile input to guard against.
     */
    public static final int MAX_READ_WINDOW_LOG = 31;
    /** Magic number at the start of every zstd frame, little-endian. */
    public static final int FRAME_MAGIC = 0xFD2FB528;

    private static final ThreadLocal<ZstdCompressCtx> COMPRESS = ThreadLocal.withInitial(() ->
            new ZstdCompressCtx().setChecksum(false).setContentSize(true).setDictID(false));
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(() ->
            new ZstdDecompressCtx().setLongMax(MAX_READ_WINDOW_LOG));
    private static final int STREAM_CHUNK = 64 * 1024;

    private Zstd() {
    }

    /** Compresses {@code src[off, off+len)} into one frame at {@code level} ({@value #MIN_LEVEL}..{@value #MAX_LEVEL}). */
    public static byte[] compress(byte[] src, int off, int len, int level) {
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("zstd level " + level + " outside " + MIN_LEVEL + ".." + MAX_LEVEL);
        }
        Objects.checkFromIndexSize(off, len, src.length);
        ZstdCompressCtx ctx = COMPRESS.get();
        ctx.setLevel(level);
        // No explicit window: zstd's tables give levels 1..19 windows of at most 2^23 (level 19) and shrink the
        // window to the input size, which keeps every frame within MAX_WINDOW_LOG.
        byte[] dst = new byte[Math.toIntExact(com.github.luben.zstd.Zstd.compressBound(len))];
        int n = ctx.compressByteArray(dst, 0, dst.length, src, off, len);
        return n == dst.length ? dst : Arrays.copyOf(dst, n);
    }

    /** The largest frame {@link #compressInto} can produce for {@code length} input bytes. */
    public static int compressBound(int length) {
        return Math.toIntExact(com.github.luben.zstd.Zstd.compressBound(length));
    }

    /**
     * Compresses {@code src[off, off+len)} into one frame written to {@code dst[dstOff, ...)}, which must have
     * {@link #compressBound(int) compressBound(len)} bytes of room, and returns the frame's length. Lets a caller
     * reuse one output buffer instead of allocating a frame per blob.
     */
    public static int compressInto(byte[] src, int off, int len, int level, byte[] dst, int dstOff) {
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("zstd level " + level + " outside " + MIN_LEVEL + ".." + MAX_LEVEL);
        }
        Objects.checkFromIndexSize(off, len, src.length);
        Objects.checkFromIndexSize(dstOff, compressBound(len), dst.length);
        ZstdCompressCtx ctx = COMPRESS.get();
        ctx.setLevel(level);
        return ctx.compressByteArray(dst, dstOff, dst.length - dstOff, src, off, len);
    }

    public static byte[] compress(byte[] src, int level) {
        return compress(src, 0, src.length, level);
    }

    /**
     * Decompresses {@code src[off, off+len)}, one or more frames, that must yield exactly {@code expectedSize}
     * bytes: a blob's size is known from the index, so anything else is damage.
     */
    public static byte[] decompress(byte[] src, int off, int len, int expectedSize) throws DecompressionException {
        if (expectedSize < 0) throw new IllegalArgumentException("negative expected size " + expectedSize);
        byte[] dst = new byte[expectedSize];
        decompressInto(src, off, len, dst, 0, expectedSize);
        return dst;
    }

    /**
     * {@link #decompress(byte[], int, int, int)} into {@code dst[dstOff, dstOff + expectedSize)}, so that a reader of
     * many blobs can reuse one output buffer.
     */
    public static void decompressInto(byte[] src, int off, int len, byte[] dst, int dstOff, int expectedSize)
            throws DecompressionException {
        Objects.checkFromIndexSize(off, len, src.length);
        if (expectedSize < 0) throw new IllegalArgumentException("negative expected size " + expectedSize);
        Objects.checkFromIndexSize(dstOff, expectedSize, dst.length);
        int n;
        try {
            n = DECOMPRESS.get().decompressByteArray(dst, dstOff, expectedSize, src, off, len);
        } catch (ZstdException e) {
            if (e.getMessage() != null && e.getMessage().contains("Destination buffer is too small")) {
                throw new DecompressionException(
                        "zstd data decompresses to more than the expected " + expectedSize + " bytes");
            }
            throw new DecompressionException("invalid zstd data: " + e.getMessage(), e);
        }
        if (n != expectedSize) {
            throw new DecompressionException(
                    "zstd data decompresses to " + n + " bytes, expected " + expectedSize);
        }
    }

    /**
     * Decompresses one or more concatenated frames whose total size is not known up front, e.g. an unpacked file
     * (restic writes snapshot frames without a content size). Fails if the output would exceed {@code maxSize}.
     */
    public static byte[] decompressUnknownSize(byte[] src, int off, int len, int maxSize) throws DecompressionException {
        Objects.checkFromIndexSize(off, len, src.length);
        long declared = declaredContentSize(src, off, len);
        if (declared > maxSize) {
            throw new DecompressionException("zstd data declares " + declared + " bytes, more than the limit " + maxSize);
        }
        if (declared >= 0) return decompress(src, off, len, (int) declared);
        return decompressStreaming(src, off, len, maxSize);
    }

    /** {@link #decompressUnknownSize(byte[], int, int, int)} limited only by the largest Java array. */
    public static byte[] decompressUnknownSize(byte[] src, int off, int len) throws DecompressionException {
        return decompressUnknownSize(src, off, len, Integer.MAX_VALUE - 8);
    }

    /**
     * The summed content sizes of the concatenated frames in {@code src[off, off+len)}, or -1 if any frame
     * leaves its size out (or the data is not a sequence of whole frames; the streaming decoder reports why).
     */
    static long declaredContentSize(byte[] src, int off, int len) {
        if (len == 0) return -1;
        long total = 0;
        int pos = off;
        int end = off + len;
        try {
            while (pos < end) {
                if (!isDataFrame(src, pos, end)) return -1; // skippable frames: left to the streaming decoder
                long frameSize = com.github.luben.zstd.Zstd.findFrameCompressedSize(src, pos, end - pos);
                if (com.github.luben.zstd.Zstd.isError(frameSize) || frameSize <= 0 || frameSize > end - pos) return -1;
                long content = com.github.luben.zstd.Zstd.getFrameContentSize(src, pos, (int) frameSize);
                if (content < 0) return -1; // ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are negative
                total += content;
                pos += (int) frameSize;
            }
        } catch (ZstdException e) {
            return -1;
        }
        return total;
    }

    private static boolean isDataFrame(byte[] src, int pos, int end) {
        if (end - pos < 4) return false;
        int magic = (src[pos] & 0xff) | (src[pos + 1] & 0xff) << 8 | (src[pos + 2] & 0xff) << 16 | (src[pos + 3] & 0xff) << 24;
        return magic == FRAME_MAGIC;
    }

    private static byte[] decompressStreaming(byte[] src, int off, int len, int maxSize) throws DecompressionException {
        byte[] out = new byte[Math.min(maxSize, Math.max(STREAM_CHUNK, len * 4))];
        int size = 0;
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, off, len))) {
            in.setLongMax(MAX_READ_WINDOW_LOG);
            while (true) {
                if (size == out.length) {
                    if (size == maxSize) {
                        if (in.read() < 0) break;
                        throw new DecompressionException("zstd data decompresses to more than the limit " + maxSize + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxSize, (long) size * 2));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) break;
                size += n;
            }
        } catch (DecompressionException e) {
            throw e;
        } catch (IOException | ZstdException e) {
            throw new DecompressionException("invalid zstd data: " + e.getMessage(), e);
        }
        return size == out.length ? out : Arrays.copyOf(out, size);
    }
}

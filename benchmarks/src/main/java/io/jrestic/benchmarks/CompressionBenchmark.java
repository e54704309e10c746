package io.jrestic.benchmarks;

import io.jrestic.compress.CompressionMode;
import io.jrestic.compress.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * zstd on a 1 MiB blob into a reused buffer, as a backup compresses data blobs: {@code --compression auto} and
 * {@code max} on text-like data (the INSERT rows of {@link Datasets}) and on random bytes, which zstd should pass
 * through cheaply. Also decompression of the text frame, the restore side. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar CompressionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CompressionBenchmark {
    private static final int SIZE = 1 << 20;

    @Param({"AUTO", "MAX"})
    public CompressionMode mode;

    @Param({"text", "random"})
    public String data;

    private byte[] input;
    private byte[] frame;
    private int frameLength;

    @Setup
    public void setUp() throws IOException {
        if (data.equals("text")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE + (1 << 18));
            Datasets.stream(out, 4L * SIZE, new SplittableRandom(7)); // runs of 256 KiB: pick the text ones
            byte[] mixed = out.toByteArray();
            input = new byte[SIZE];
            int filled = 0;
            for (int run = 0; run + (1 << 18) <= mixed.length && filled < SIZE; run += 1 << 18) {
                if (isText(mixed, run)) {
                    System.arraycopy(mixed, run, input, filled, Math.min(1 << 18, SIZE - filled));
                    filled += 1 << 18;
                }
            }
            if (filled < SIZE) throw new IllegalStateException("seed gave too little text");
        } else {
            input = new byte[SIZE];
            new SplittableRandom(42).nextBytes(input);
        }
        frame = new byte[Zstd.compressBound(SIZE)];
        frameLength = compress();
    }

    private static boolean isText(byte[] b, int off) {
        return b[off] == 'I'; // every text run starts with an INSERT
    }

    @Benchmark
    public int compress() {
        return Zstd.compressInto(input, 0, SIZE, mode.level(), frame, 0);
    }

    @Benchmark
    public byte[] decompress() throws Exception {
        return Zstd.decompress(frame, 0, frameLength, SIZE);
    }
}

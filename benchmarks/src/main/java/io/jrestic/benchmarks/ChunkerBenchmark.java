package io.jrestic.benchmarks;

import io.jrestic.chunker.Chunk;
import io.jrestic.chunker.ChunkReader;
import io.jrestic.chunker.Chunker;
import io.jrestic.chunker.Polynomial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Chunking throughput over 64 MiB of pseudo-random bytes held in memory. One "operation" is one byte and the unit
 * is microseconds, so the score reads directly as MB/s (10^6 bytes per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChunkerBenchmark {
    private static final int DATA_SIZE = 64 * 1024 * 1024;

    private byte[] data;
    private Chunker chunker;

    @Setup
    public void setUp() {
        data = new byte[DATA_SIZE];
        new SplittableRandom(42).nextBytes(data);
        chunker = Chunker.of(Polynomial.parse("3da3358b4dc173"));
    }

    /** Cut points only, found in place: the chunker's own cost. Returns the number of chunks. */
    @Benchmark
    @OperationsPerInvocation(DATA_SIZE)
    public int findCuts() {
        int chunks = 0;
        int start = 0;
        while (start < DATA_SIZE) {
            int length = chunker.findCut(data, start, start, DATA_SIZE);
            start += length > 0 ? length : DATA_SIZE - start;
            chunks++;
        }
        return chunks;
    }

    /** The stream API as the backup pipeline uses it, including reading and the copy into each chunk. */
    @Benchmark
    @OperationsPerInvocation(DATA_SIZE)
    public long readChunks() throws IOException {
        ChunkReader reader = chunker.reader(new ByteArrayInputStream(data));
        long fingerprints = 0;
        for (Chunk chunk = reader.next(); chunk != null; chunk = reader.next()) fingerprints ^= chunk.cutFingerprint();
        return fingerprints;
    }
}

package io.jrestic.benchmarks;

import io.jrestic.id.Id;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory index with one million random blob IDs: building it pack by pack (as loading index files does)
 * and looking IDs up (as backup's deduplication does), half of them present. Times are per blob.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar IndexBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class IndexBenchmark {
    static final int BLOBS = 1_000_000;
    static final int BLOBS_PER_PACK = 16;

    private final List<Id> packIds = new ArrayList<>();
    private final List<List<PackBlob>> packs = new ArrayList<>();
    private Id[] probes;
    private MasterIndex index;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int p = 0; p < BLOBS / BLOBS_PER_PACK; p++) {
            List<PackBlob> blobs = new ArrayList<>(BLOBS_PER_PACK);
            long offset = 0;
            for (int b = 0; b < BLOBS_PER_PACK; b++) {
                int length = 32 + random.nextInt(1 << 20);
                blobs.add(new PackBlob(BlobType.DATA, randomId(random), offset, length, length * 2));
                offset += length;
            }
            packIds.add(randomId(random));
            packs.add(blobs);
        }
        index = build();
        // Every other probe is a stored blob, the rest are unknown IDs: backup sees both.
        probes = new Id[1 << 16];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = i % 2 == 0
                    ? packs.get(random.nextInt(packs.size())).get(random.nextInt(BLOBS_PER_PACK)).id()
                    : randomId(random);
        }
    }

    private MasterIndex build() {
        MasterIndex built = new MasterIndex();
        for (int p = 0; p < packs.size(); p++) built.addPack(packIds.get(p), packs.get(p));
        return built;
    }

    private static Id randomId(SplittableRandom random) {
        byte[] b = new byte[Id.LENGTH];
        random.nextBytes(b);
        return Id.of(b);
    }

    /** Inserting 1M blobs into a fresh index, including its growth; reported per blob. */
    @Benchmark
    @OperationsPerInvocation(BLOBS)
    public MasterIndex insert() {
        return build();
    }

    @Benchmark
    public boolean lookup() {
        Id id = probes[next++ & (probes.length - 1)];
        return index.has(BlobType.DATA, id);
    }

    @Benchmark
    public Object lookupEntry() {
        Id id = probes[next++ & (probes.length - 1)];
        return index.lookup(BlobType.DATA, id);
    }
}

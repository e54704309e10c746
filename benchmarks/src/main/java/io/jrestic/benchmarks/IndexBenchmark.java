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
 * Run: {@code java -jar benchmarks/target/benchmarks.jar IndexBenchmark}. {@link #main} loads ten million blobs
 * instead and prints the index's bytes per blob and lookup time; run it with {@code -Xmx1g} to show they fit.
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
        built.compact();
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

    /**
     * Loads {@code args[0]} (default ten million) blobs of random IDs, 16 to a pack as in the benchmark above,
     * then prints the index's size and the time of a million lookups, half of them hits.
     * {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar io.jrestic.benchmarks.IndexBenchmark}
     */
    public static void main(String[] args) {
        int blobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        SplittableRandom random = new SplittableRandom(42);
        MasterIndex index = new MasterIndex();
        Id[] probes = new Id[1 << 20];
        long start = System.nanoTime();
        for (int added = 0; added < blobs; added += BLOBS_PER_PACK) {
            List<PackBlob> pack = new ArrayList<>(BLOBS_PER_PACK);
            long offset = 0;
            for (int b = 0; b < BLOBS_PER_PACK; b++) {
                int length = 32 + random.nextInt(1 << 20);
                Id id = randomId(random);
                pack.add(new PackBlob(BlobType.DATA, id, offset, length, length * 2));
                offset += length;
                int slot = (added + b) * 2;
                if (slot < probes.length) probes[slot] = id;
            }
            index.addPack(randomId(random), pack);
        }
        index.compact();
        long loaded = System.nanoTime();
        for (int i = 1; i < probes.length; i += 2) probes[i] = randomId(random);
        for (int i = 0; i < probes.length; i++) if (probes[i] == null) probes[i] = randomId(random);
        int hits = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
            long t0 = System.nanoTime();
            hits = 0;
            for (Id id : probes) if (index.has(BlobType.DATA, id)) hits++;
            long t1 = System.nanoTime();
            System.out.printf("lookups: %.0f ns each (%d hits of %d)%n", (t1 - t0) / (double) probes.length, hits, probes.length);
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%,d blobs in %,d packs loaded in %.1f s; index %,d bytes = %.2f bytes/blob;"
                        + " heap used after GC %,d MiB of max %,d MiB%n", index.blobCount(), index.packCount(),
                (loaded - start) / 1e9, index.memoryBytes(), index.memoryBytes() / (double) index.blobCount(),
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }
}

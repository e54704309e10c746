package io.jrestic.benchmarks;

import io.jrestic.id.Id;
import java.security.DigestException;
import java.security.MessageDigest;
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
 * SHA-256 of a blob, which a backup computes twice per byte (the blob ID, then the pack ID): {@code id} through
 * {@link Id#hash} (a digest looked up per call), {@code reusedDigest} through one digest kept by the thread, the
 * difference being the per-blob overhead that matters for small files. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar HashBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HashBenchmark {
    /** 1 MiB is restic's typical data blob; 4 KiB a small file or tree. */
    @Param({"1048576", "4096"})
    public int size;

    private byte[] data;
    private final MessageDigest digest = Id.sha256();
    private final byte[] out = new byte[32];

    @Setup
    public void setUp() {
        data = new byte[size];
        new SplittableRandom(42).nextBytes(data);
    }

    @Benchmark
    public Id id() {
        return Id.hash(data, 0, size);
    }

    @Benchmark
    public byte[] reusedDigest() throws DigestException {
        digest.update(data, 0, size);
        digest.digest(out, 0, out.length);
        return out;
    }
}

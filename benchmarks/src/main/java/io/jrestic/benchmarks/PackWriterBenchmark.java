package io.jrestic.benchmarks;

import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.FinishedPack;
import io.jrestic.pack.PackWriter;
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
 * Building one 16 MiB data pack in a recycled writer, as a backup's blob saver does: each blob sealed straight
 * into the pack (AES-CTR + Poly1305, and the pack's incremental SHA-256), then the encrypted header and the pack
 * ID. Blob IDs and compression are left out (see {@link HashBenchmark}, {@link CompressionBenchmark}). The score
 * is packs per second; times 16 MiB gives the throughput. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar PackWriterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
        "--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED"}) // as the launcher: Poly1305 intrinsic
public class PackWriterBenchmark {
    private static final int PACK = 16 << 20;

    /** 1 MiB blobs (16 per pack) and 16 KiB blobs (1024 per pack: small files, many header entries). */
    @Param({"1048576", "16384"})
    public int blobSize;

    private CryptoKey key;
    private byte[] blob;
    private Id[] ids;
    private PackWriter writer;

    @Setup
    public void setUp() {
        key = CryptoKey.random();
        blob = new byte[blobSize];
        new SplittableRandom(42).nextBytes(blob);
        ids = new Id[PACK / blobSize];
        for (int i = 0; i < ids.length; i++) {
            byte[] b = new byte[32];
            new SplittableRandom(i).nextBytes(b);
            ids[i] = Id.of(b);
        }
        writer = new PackWriter(BlobType.DATA, PACK + (1 << 20));
    }

    @Benchmark
    public Id writePack() {
        writer.reset();
        for (Id id : ids) writer.seal(BlobType.DATA, id, key, blob, 0, blobSize, 0);
        FinishedPack pack = writer.finish(key);
        return pack.packId();
    }
}

package io.jrestic.benchmarks;

import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.crypto.Envelope;
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
 * Sealing and opening a blob-sized envelope (AES-256-CTR + Poly1305-AES) into preallocated buffers, the per-blob
 * crypto cost of backup and restore. Run: {@code java -jar benchmarks/target/benchmarks.jar CryptoBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
        "--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED"}) // as the launcher: Poly1305 intrinsic
public class CryptoBenchmark {
    /** 1 MiB is restic's typical blob size; 4 KiB stands for small tree and metadata blobs. */
    @Param({"1048576", "4096"})
    public int size;

    private CryptoKey key;
    private byte[] plaintext;
    private byte[] envelope;
    private byte[] sealed;
    private byte[] opened;

    @Setup
    public void setUp() {
        key = CryptoKey.random();
        plaintext = new byte[size];
        new SplittableRandom(42).nextBytes(plaintext);
        envelope = new byte[Envelope.envelopeLength(size)];
        sealed = key.seal(plaintext);
        opened = new byte[size];
    }

    @Benchmark
    public byte[] seal() {
        key.seal(plaintext, 0, size, envelope, 0);
        return envelope;
    }

    @Benchmark
    public byte[] open() throws AuthenticationException {
        key.open(sealed, 0, sealed.length, opened, 0);
        return opened;
    }
}

package io.jrestic.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** IVs come from a per-thread block of kernel randomness: each byte is handed out once, on every thread. */
class RandomBytesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ivsAcrossBlocksAndThreadsAreAllDistinct() throws Exception {
        int threads = 4;
        int perThread = 3 * RandomBytes.BLOCK / Envelope.IV_LENGTH; // three refills per thread
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        byte[] iv = new byte[Envelope.IV_LENGTH];
                        RandomBytes.nextBytes(iv);
                        seen.add(HEX.formatHex(iv));
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertEquals(threads * perThread, seen.size(), "a 16-byte IV was handed out twice");
    }

    @Test
    void aRequestLongerThanABlockIsFilledCompletely() {
        byte[] big = new byte[RandomBytes.BLOCK * 2 + 5];
        RandomBytes.nextBytes(big);
        // 4 KiB stretches of zeros would mean a refill was skipped; the chance of a zero 64-byte run is nil
        for (int off = 0; off + 64 <= big.length; off += 64) {
            boolean allZero = true;
            for (int i = off; i < off + 64; i++) allZero &= big[i] == 0;
            assertFalse(allZero, "zero run at " + off);
        }
        // and the five bytes past the last whole block (a false alarm here has odds of 2^-40)
        boolean tailZero = true;
        for (int i = big.length - 5; i < big.length; i++) tailZero &= big[i] == 0;
        assertFalse(tailZero, "the tail was not filled");
    }
}

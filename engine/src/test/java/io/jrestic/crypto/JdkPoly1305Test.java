package io.jrestic.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JdkPoly1305Test {
    private static final HexFormat HEX = HexFormat.of();

    /** surefire opens java.base/com.sun.crypto.provider as the launcher does, so the intrinsic path is in use. */
    @Test
    void isAvailableWhenTheProviderPackageIsOpened() {
        assertTrue(JdkPoly1305.AVAILABLE, "com.sun.crypto.provider.Poly1305 not usable: is --add-opens missing?");
    }

    @Test
    void rfc8439Section252Vector() {
        byte[] r = HEX.parseHex("85d6be7857556d337f4452fe42d506a8");
        byte[] s = HEX.parseHex("0103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        JdkPoly1305 mac = new JdkPoly1305();
        mac.compute(Poly1305.le64(r, 0), Poly1305.le64(r, 8), Poly1305.le64(s, 0), Poly1305.le64(s, 8), msg, 0, msg.length);
        byte[] tag = new byte[16];
        Poly1305.putLe64(tag, 0, mac.tag0());
        Poly1305.putLe64(tag, 8, mac.tag1());
        assertEquals("a8061dc1305136c6c22b8baf0c0127a9", HEX.formatHex(tag));
    }

    /** Unclamped keys, offsets and lengths across the 64 KiB pieces it is fed in agree with our implementation. */
    @Test
    void matchesOurPoly1305AcrossPieceBoundaries() {
        SplittableRandom random = new SplittableRandom(25);
        byte[] msg = new byte[3 * JdkPoly1305.PIECE + 64];
        random.nextBytes(msg);
        JdkPoly1305 jdk = new JdkPoly1305();
        Poly1305 ours = new Poly1305();
        int p = JdkPoly1305.PIECE;
        for (int len : new int[] {0, 1, 16, 33, 4096, p - 15, p, p + 1, 2 * p + 16, 3 * p}) {
            long r0 = random.nextLong(), r1 = random.nextLong(), s0 = random.nextLong(), s1 = random.nextLong();
            int off = random.nextInt(64);
            jdk.compute(r0, r1, s0, s1, msg, off, len);
            ours.compute(r0, r1, s0, s1, msg, off, len);
            assertEquals(ours.tag0(), jdk.tag0(), "tag low half, length " + len);
            assertEquals(ours.tag1(), jdk.tag1(), "tag high half, length " + len);
        }
    }
}

package io.jrestic.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc8439Section252Vector() {
        byte[] r = HEX.parseHex("85d6be7857556d337f4452fe42d506a8");
        byte[] s = HEX.parseHex("0103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertEquals("a8061dc1305136c6c22b8baf0c0127a9", HEX.formatHex(tag(r, s, msg, 0, msg.length)));
    }

    @Test
    void clampsRItself() {
        byte[] raw = HEX.parseHex("ffffffffffffffffffffffffffffffff");
        byte[] clamped = HEX.parseHex("ffffff0ffcffff0ffcffff0ffcffff0f");
        byte[] s = HEX.parseHex("0102030405060708090a0b0c0d0e0f10");
        byte[] msg = new byte[100];
        java.util.Arrays.fill(msg, (byte) 0xff);
        assertArrayEquals(tag(clamped, s, msg, 0, msg.length), tag(raw, s, msg, 0, msg.length));
    }

    /** Appendix B of Bernstein, "The Poly1305-AES message-authentication code" (2005): (m, r, k, n) → tag. */
    @Test
    void bernsteinPoly1305AesVectors() {
        assertEquals("f4c633c3044fc145f84f335cb81953de", HEX.formatHex(poly1305Aes(
                "ec074c835580741701425b623235add6", "851fc40c3467ac0be05cc20404f3f700",
                "fb447350c4e868c52ac3275cf9d4327e", HEX.parseHex("f3f6"))));
        assertEquals("dd3fab2251f11ac759f0887129cc2ee7", HEX.formatHex(poly1305Aes(
                "75deaa25c09f208e1dc4ce6b5cad3fbf", "a0f3080000f46400d0c7e9076c834403",
                "61ee09218d29b0aaed7e154a2c5509cc", new byte[0])));
    }

    /** Every length up to 300 (single chain), lengths around the two-lane split, and 1 MiB, against BouncyCastle. */
    @Test
    void matchesBouncyCastlePoly1305Aes() {
        SplittableRandom random = new SplittableRandom(1305);
        for (int len = 0; len <= 300; len++) crossCheck(random, len, 3);
        int split = Poly1305.TWO_LANE_MIN_BLOCKS * Poly1305.BLOCK_LENGTH;
        for (int len = split - 33; len <= split + 70; len++) crossCheck(random, len, 1);
        for (int len : new int[] {4095, 4096, 4097, 65_537, 1 << 20}) crossCheck(random, len, 1);
    }

    /** All-ones keys and messages drive every carry to its maximum. */
    @Test
    void matchesBouncyCastleAtExtremes() {
        for (int len : new int[] {0, 1, 15, 16, 17, 1023, 1024, 1040, 5000}) {
            byte[] ones = new byte[len];
            java.util.Arrays.fill(ones, (byte) 0xff);
            byte[] key = new byte[16];
            java.util.Arrays.fill(key, (byte) 0xff);
            assertArrayEquals(bouncyCastle(key, key, key, ones, 0, len), mine(key, key, key, ones, 0, len), "length " + len);
        }
    }

    private static void crossCheck(SplittableRandom random, int len, int rounds) {
        for (int round = 0; round < rounds; round++) {
            byte[] k = bytes(random, 16);
            byte[] r = bytes(random, 16);
            byte[] nonce = bytes(random, 16);
            byte[] msg = bytes(random, len + 5); // the message sits at offset 3, not at 0
            assertArrayEquals(bouncyCastle(k, r, nonce, msg, 3, len), mine(k, r, nonce, msg, 3, len), "length " + len);
        }
    }

    private static byte[] tag(byte[] r, byte[] s, byte[] msg, int off, int len) {
        Poly1305 poly = new Poly1305();
        poly.compute(Poly1305.le64(r, 0), Poly1305.le64(r, 8), Poly1305.le64(s, 0), Poly1305.le64(s, 8), msg, off, len);
        byte[] out = new byte[16];
        Poly1305.putLe64(out, 0, poly.tag0());
        Poly1305.putLe64(out, 8, poly.tag1());
        return out;
    }

    private static byte[] poly1305Aes(String k, String r, String nonce, byte[] msg) {
        return mine(HEX.parseHex(k), HEX.parseHex(r), HEX.parseHex(nonce), msg, 0, msg.length);
    }

    private static byte[] mine(byte[] k, byte[] r, byte[] nonce, byte[] msg, int off, int len) {
        Poly1305Aes mac = new Poly1305Aes();
        mac.compute(new SecretKeySpec(k, "AES"), Poly1305.le64(r, 0), Poly1305.le64(r, 8), nonce, 0, msg, off, len);
        byte[] out = new byte[16];
        mac.writeTag(out, 0);
        return out;
    }

    private static byte[] bouncyCastle(byte[] k, byte[] r, byte[] nonce, byte[] msg, int off, int len) {
        byte[] key = new byte[32]; // BouncyCastle's order is r ‖ k
        System.arraycopy(r, 0, key, 0, 16);
        System.arraycopy(k, 0, key, 16, 16);
        var mac = new org.bouncycastle.crypto.macs.Poly1305(AESEngine.newInstance());
        mac.init(new ParametersWithIV(new KeyParameter(key), nonce));
        mac.update(msg, off, len);
        byte[] out = new byte[16];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}

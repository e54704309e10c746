package io.jrestic.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** restic-format §3: the envelope {@code IV ‖ AES-256-CTR ciphertext ‖ Poly1305-AES(ciphertext)}. */
class CryptoKeyTest {
    private static final HexFormat HEX = HexFormat.of();
    /** §3.3: encrypt = 00…1f, mac.k = 20…2f, mac.r = 30…3f (unclamped), IV = 40…4f. */
    static final CryptoKey SPEC_KEY = CryptoKey.of(range(0x00, 32), range(0x20, 16), range(0x30, 16));
    private static final byte[] SPEC_IV = range(0x40, 16);
    private static final byte[] SPEC_PLAINTEXT = "restic test vector\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SPEC_ENVELOPE = "404142434445464748494a4b4c4d4e4f"
            + "d11bac4bfe399a9bf60816e7fb3ed223df0714" + "626266db9a8196fe78b35d2a48b76e3f";

    @Test
    void specEnvelopeVector() throws AuthenticationException {
        byte[] envelope = SPEC_KEY.sealWithIv(SPEC_IV, SPEC_PLAINTEXT);
        assertEquals(SPEC_ENVELOPE, HEX.formatHex(envelope));
        assertArrayEquals(SPEC_PLAINTEXT, SPEC_KEY.open(HEX.parseHex(SPEC_ENVELOPE)));
    }

    @Test
    void storesAndReportsRClamped() {
        assertEquals("303132033435360738393a0b3c3d3e0f", HEX.formatHex(SPEC_KEY.macR()));
    }

    @Test
    void clampedAndUnclampedRGiveTheSameEnvelope() {
        CryptoKey clamped = CryptoKey.of(range(0x00, 32), range(0x20, 16), HEX.parseHex("303132033435360738393a0b3c3d3e0f"));
        assertEquals(SPEC_ENVELOPE, HEX.formatHex(clamped.sealWithIv(SPEC_IV, SPEC_PLAINTEXT)));
    }

    @Test
    void sealThenOpenRoundTripsAtOffsets() throws AuthenticationException {
        CryptoKey key = CryptoKey.random();
        SplittableRandom random = new SplittableRandom(3);
        for (int len : new int[] {0, 1, 15, 16, 17, 1000, 1024, 1025, 100_000}) {
            byte[] plain = new byte[len + 7];
            random.nextBytes(plain);
            byte[] envelope = new byte[Envelope.envelopeLength(len) + 9];
            assertEquals(Envelope.envelopeLength(len), key.seal(plain, 7, len, envelope, 9));
            byte[] out = new byte[len + 2];
            assertEquals(len, key.open(envelope, 9, Envelope.envelopeLength(len), out, 2));
            assertArrayEquals(Arrays.copyOfRange(plain, 7, 7 + len), Arrays.copyOfRange(out, 2, 2 + len));
        }
    }

    @Test
    void sealUsesAFreshIvEachTime() {
        CryptoKey key = CryptoKey.random();
        byte[] a = key.seal(SPEC_PLAINTEXT);
        byte[] b = key.seal(SPEC_PLAINTEXT);
        assertEquals(Envelope.envelopeLength(SPEC_PLAINTEXT.length), a.length);
        assertEquals(false, Arrays.equals(a, 0, 16, b, 0, 16));
    }

    /** Flipping one bit anywhere (IV, ciphertext or MAC) is caught before any byte is decrypted. */
    @Test
    void anyTamperedByteIsRejectedAndNothingIsDecrypted() {
        byte[] envelope = HEX.parseHex(SPEC_ENVELOPE);
        for (int i = 0; i < envelope.length; i++) {
            for (int bit = 0; bit < 8; bit += 7) {
                byte[] damaged = envelope.clone();
                damaged[i] ^= (byte) (1 << bit);
                byte[] out = new byte[SPEC_PLAINTEXT.length];
                Arrays.fill(out, (byte) 0x55);
                int at = i;
                assertThrows(AuthenticationException.class, () -> SPEC_KEY.open(damaged, 0, damaged.length, out, 0),
                        () -> "byte " + at);
                byte[] untouched = new byte[out.length];
                Arrays.fill(untouched, (byte) 0x55);
                assertArrayEquals(untouched, out, "output written despite a bad MAC at byte " + i);
            }
        }
    }

    @Test
    void wrongKeyIsRejected() {
        byte[] envelope = HEX.parseHex(SPEC_ENVELOPE);
        assertThrows(AuthenticationException.class, () -> CryptoKey.random().open(envelope));
    }

    @Test
    void envelopeShorterThan32BytesIsRejected() throws AuthenticationException {
        for (int len = 0; len < Envelope.OVERHEAD; len++) {
            byte[] tooShort = Arrays.copyOf(HEX.parseHex(SPEC_ENVELOPE), len);
            var e = assertThrows(AuthenticationException.class, () -> SPEC_KEY.open(tooShort));
            assertEquals("ciphertext too short: " + len + " bytes", e.getMessage());
        }
        byte[] empty = SPEC_KEY.seal(new byte[0]);
        assertEquals(Envelope.OVERHEAD, empty.length);
        assertEquals(0, SPEC_KEY.open(empty).length);
    }

    @Test
    void allZeroIvIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SPEC_KEY.sealWithIv(new byte[16], SPEC_PLAINTEXT));
        byte[] envelope = HEX.parseHex(SPEC_ENVELOPE);
        Arrays.fill(envelope, 0, 16, (byte) 0);
        assertThrows(AuthenticationException.class, () -> SPEC_KEY.open(envelope));
    }

    @Test
    void keysWithAnAllZeroPartOrWrongLengthsAreRejected() {
        byte[] e = range(1, 32), k = range(1, 16), r = range(1, 16);
        assertThrows(IllegalArgumentException.class, () -> CryptoKey.of(new byte[32], k, r));
        assertThrows(IllegalArgumentException.class, () -> CryptoKey.of(e, new byte[16], r));
        assertThrows(IllegalArgumentException.class, () -> CryptoKey.of(e, k, new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> CryptoKey.of(range(1, 31), k, r));
        assertThrows(IllegalArgumentException.class, () -> CryptoKey.fromDerived(new byte[63]));
    }

    @Test
    void fromDerivedSplitsEncryptMacKMacR() {
        byte[] dk = range(0, 64);
        CryptoKey key = CryptoKey.fromDerived(dk);
        assertArrayEquals(range(0x00, 32), key.encryptionKey());
        assertArrayEquals(range(0x20, 16), key.macK());
        assertEquals(SPEC_ENVELOPE, HEX.formatHex(key.sealWithIv(SPEC_IV, SPEC_PLAINTEXT)));
    }

    static byte[] range(int first, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (first + i);
        return b;
    }
}

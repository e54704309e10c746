package io.jrestic.chunker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** §13.2, §13.3 and the vectors of §13.8. */
class PolynomialTest {

    @ParameterizedTest
    @ValueSource(longs = {0x3DA3358B4DC173L, 0x2482734cacca49L, 0x300e027d011b53L, 0x31763ea44e2e97L})
    void irreducible(long p) {
        assertTrue(Polynomial.of(p).isIrreducible());
    }

    @ParameterizedTest
    @ValueSource(longs = {0x38f1e565e288dfL, 0x30a8295b9d5c91L, 0x255f4350b962cbL, 0x267f776110a235L,
            0x2f4dae10d41227L, 0x312daf4b284899L, 0x29dfb6553d01d1L, 0x3548245eb26257L, 0x3199e7ef4211b3L,
            0x362f39017dae8bL, 0x200d57aa6fdacbL, 0x35e0a4efa1d275L, 0x2ced55b026577fL, 0x260b012010893dL,
            0x2df29cbcd59e9dL, 0x3f2ac7488bd429L, 0x3e5cb1711669fbL, 0x226d8de57a9959L, 0x3c8de80aaf5835L,
            0x2026a59efb219bL, 0x39dfa4d13fb231L, 0x3143d0464b3299L})
    void reducible(long p) {
        assertFalse(Polynomial.of(p).isIrreducible());
    }

    @Test
    void constantsAreNotIrreducibleButXIs() {
        assertFalse(Polynomial.of(0).isIrreducible());
        assertFalse(Polynomial.of(1).isIrreducible());
        assertTrue(Polynomial.of(0b10).isIrreducible());
        assertTrue(Polynomial.of(0b111).isIrreducible()); // x² + x + 1
        assertFalse(Polynomial.of(0b101).isIrreducible()); // x² + 1 = (x + 1)²
    }

    @Test
    void arithmeticVectors() {
        assertEquals(1, Polynomial.mod(0b101101001, 0b1010));
        assertEquals(0, Polynomial.mod(0b1100001111, 0b10011));
        assertEquals(0b100100, Polynomial.div(0b101101000, 0b1010));
        assertEquals(1, Polynomial.gcd(0x3DA3358B4DC173L, 0x230d2259defdL));
        assertEquals(0b10011, Polynomial.gcd(0x230d2259defdL, 0x51b492b3eff2L));
        assertEquals(0x22, Polynomial.mulMod(0x1230, 0x230, 0x55));
        assertEquals(0x425ae8595b7aL, Polynomial.mulMod(0x0eae8c07dbbb3026L, 0xd5d6db9de04771deL, 0xdd2bda3b77c9L));
        assertEquals(41, Polynomial.degree(0x3af4b284899L));
        assertEquals(0xfd7f32701ce934b4L, Polynomial.add(0x9a7e30d1e855e0a0L, 0x670102a1f4bcd414L));
        assertEquals(0x1000000000000000L, Polynomial.mul(0x40000000L, 0x40000000L));
    }

    @Test
    void degreeOfZeroIsMinusOne() {
        assertEquals(-1, Polynomial.of(0).degree());
        assertEquals(53, Polynomial.of(0x3da3358b4dc173L).degree());
        assertEquals(63, Polynomial.degree(0x8000000000000000L));
    }

    @Test
    void divisionIdentityHolds() {
        var random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            long a = random.nextLong() >>> random.nextInt(64);
            long d = random.nextLong() >>> random.nextInt(32, 64) | 1;
            long q = Polynomial.div(a, d);
            long r = Polynomial.mod(a, d);
            assertTrue(Polynomial.degree(r) < Polynomial.degree(d));
            assertEquals(a, Polynomial.mul(q, d) ^ r, () -> Long.toHexString(a) + " / " + Long.toHexString(d));
        }
    }

    @Test
    void qpIsXToTheTwoToThePMinusX() {
        long g = 0x3da3358b4dc173L;
        // x^(2^1) − x = x² + x, already reduced
        assertEquals(0b110, Polynomial.qp(1, g));
        // x^(2^5) − x = x^32 + x
        assertEquals((1L << 32) | 0b10, Polynomial.qp(5, g));
        // x^64 is past 64 bits; compare with x^32 · x^32 mod g
        assertEquals(Polynomial.mulMod(1L << 32, 1L << 32, g) ^ 0b10, Polynomial.qp(6, g));
    }

    @Test
    void misuseIsRejected() {
        assertThrows(ArithmeticException.class, () -> Polynomial.mod(5, 0));
        assertThrows(ArithmeticException.class, () -> Polynomial.div(5, 0));
        assertThrows(ArithmeticException.class, () -> Polynomial.mul(1L << 40, 1L << 30));
    }

    @Test
    void configFormRoundTrips() {
        Polynomial p = Polynomial.parse("3da3358b4dc173");
        assertEquals(0x3da3358b4dc173L, p.value());
        assertEquals("3da3358b4dc173", p.toHex());
        assertEquals(p, Polynomial.parse("3DA3358B4DC173"));
        assertEquals(p, Polynomial.parse("003da3358b4dc173"));
        assertEquals("0", Polynomial.of(0).toHex());
        assertEquals("ffffffffffffffff", Polynomial.parse("FFFFFFFFFFFFFFFF").toHex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x3da3358b4dc173", "+3da3358b4dc173", "3da3358b4dc17g", "10000000000000000", " 1"})
    void malformedConfigFormIsRejected(String hex) {
        assertThrows(IllegalArgumentException.class, () -> Polynomial.parse(hex));
    }

    @Test
    void randomPolynomialsAreIrreducibleOfDegree53() {
        var random = new SplittableRandom(53);
        for (int i = 0; i < 20; i++) {
            Polynomial p = Polynomial.random(random);
            assertEquals(53, p.degree());
            assertTrue(p.isIrreducible(), p::toHex);
            assertEquals(14, p.toHex().length());
        }
        assertEquals(53, Polynomial.random().degree());
    }

    @Test
    void randomReadsLittleEndianKeepsBits0To53AndRetriesReducibleCandidates() {
        // a reducible candidate, then 0x3da3358b4dc173 with junk in bits 54–63 and bits 53 and 0 clear
        long junkAbove53 = 0xffc0_0000_0000_0000L;
        var bytes = new ScriptedRandom(0x38f1e565e288dfL, junkAbove53 | (0x3da3358b4dc173L & ~(1L << 53) & ~1L));
        assertEquals(0x3da3358b4dc173L, Polynomial.random(bytes).value());
        assertTrue(bytes.values.isEmpty());
    }

    /** Yields the given values as little-endian bytes. */
    private static final class ScriptedRandom implements RandomGenerator {
        final Deque<Long> values = new ArrayDeque<>();

        ScriptedRandom(long... values) {
            for (long v : values) this.values.add(v);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            long v = values.remove();
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (v >>> (8 * i));
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("polynomial generation must read bytes");
        }
    }
}

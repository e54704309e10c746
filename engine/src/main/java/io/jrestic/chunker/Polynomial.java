package io.jrestic.chunker;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * A polynomial over GF(2) held in 64 bits: bit {@code i} is the coefficient of {@code x^i} (§13.2). A repository's
 * chunker polynomial is one of these, irreducible and of degree 53, stored in the config as lowercase hex.
 * The static methods are the GF(2) arithmetic on raw {@code long}s, all treating them as unsigned.
 */
public record Polynomial(long value) {
    /** Degree of every polynomial {@link #random} returns. */
    public static final int RANDOM_DEGREE = 53;
    /** restic gives up after this many random candidates (it never gets near it: about 1 in 37 is irreducible). */
    static final int MAX_RANDOM_CANDIDATES = 1_000_000;
    private static final int MAX_HEX_DIGITS = 16;
    private static final long X = 2; // the polynomial x

    private static final class DefaultRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    public static Polynomial of(long value) {
        return new Polynomial(value);
    }

    /** Parses the config form: 1 to 16 hex digits, either case, no prefix or sign. */
    public static Polynomial parse(String hex) {
        if (hex.isEmpty() || hex.length() > MAX_HEX_DIGITS) {
            throw new IllegalArgumentException("invalid chunker polynomial \"" + hex + "\": want 1 to 16 hex digits");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("invalid chunker polynomial \"" + hex + "\": not hex");
            }
        }
        return new Polynomial(Long.parseUnsignedLong(hex, 16));
    }

    /** The config form: lowercase hex without leading zeros ({@code "0"} for zero). */
    public String toHex() {
        return Long.toHexString(value);
    }

    /** The degree; -1 for the zero polynomial. */
    public int degree() {
        return degree(value);
    }

    /** True if this polynomial has no factor other than 1 and itself (Ben-Or's test, §13.2). */
    public boolean isIrreducible() {
        return isIrreducible(value);
    }

    @Override
    public String toString() {
        return toHex();
    }

    /** A random irreducible polynomial of degree 53 from a CSPRNG, as {@code restic init} picks one. */
    public static Polynomial random() {
        return random(DefaultRandom.INSTANCE);
    }

    /**
     * A random irreducible polynomial of degree 53, drawn as restic does (§13.3): 8 bytes as a little-endian number,
     * bits 0–53 kept, bits 53 and 0 set, repeated until irreducible.
     */
    public static Polynomial random(RandomGenerator random) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < MAX_RANDOM_CANDIDATES; i++) {
            random.nextBytes(bytes);
            long candidate = littleEndian(bytes);
            candidate &= (1L << (RANDOM_DEGREE + 1)) - 1;
            candidate |= 1L << RANDOM_DEGREE | 1;
            if (isIrreducible(candidate)) return new Polynomial(candidate);
        }
        throw new IllegalStateException("no irreducible polynomial among " + MAX_RANDOM_CANDIDATES + " random candidates");
    }

    private static long littleEndian(byte[] bytes) {
        long v = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) v = v << 8 | (bytes[i] & 0xff);
        return v;
    }

    // ---- arithmetic over GF(2) on raw values ----

    /** Index of the highest set bit; -1 for 0. */
    public static int degree(long p) {
        return 63 - Long.numberOfLeadingZeros(p);
    }

    /** Sum (and difference): XOR. */
    public static long add(long a, long b) {
        return a ^ b;
    }

    /** Carry-less product; throws {@link ArithmeticException} if it needs more than 64 bits. */
    public static long mul(long a, long b) {
        if (a == 0 || b == 0) return 0;
        if (degree(a) + degree(b) > 63) {
            throw new ArithmeticException("GF(2) product of " + Long.toHexString(a) + " and " + Long.toHexString(b)
                    + " overflows 64 bits");
        }
        long product = 0;
        for (long rest = b; rest != 0; rest &= rest - 1) {
            product ^= a << Long.numberOfTrailingZeros(rest);
        }
        return product;
    }

    /** Remainder of {@code a / d}. */
    public static long mod(long a, long d) {
        int dd = divisorDegree(d);
        for (int da = degree(a); da >= dd; da = degree(a)) {
            a ^= d << (da - dd);
        }
        return a;
    }

    /** Quotient of {@code a / d}. */
    public static long div(long a, long d) {
        int dd = divisorDegree(d);
        long quotient = 0;
        for (int da = degree(a); da >= dd; da = degree(a)) {
            quotient |= 1L << (da - dd);
            a ^= d << (da - dd);
        }
        return quotient;
    }

    private static int divisorDegree(long d) {
        if (d == 0) throw new ArithmeticException("GF(2) division by zero");
        return degree(d);
    }

    /** {@code a · b mod g}, without ever needing more than 64 bits. */
    public static long mulMod(long a, long b, long g) {
        int dg = divisorDegree(g);
        long power = mod(a, g); // a · x^i mod g for the current bit i of b
        long result = 0;
        for (long rest = b; rest != 0; rest >>>= 1) {
            if ((rest & 1) != 0) result ^= power;
            power <<= 1;
            if (degree(power) == dg) power ^= g;
        }
        return result;
    }

    /** Greatest common divisor (Euclid); {@code gcd(a, 0) = a}. */
    public static long gcd(long a, long b) {
        while (b != 0) {
            long r = mod(a, b);
            a = b;
            b = r;
        }
        return a;
    }

    /** {@code (x^(2^p) − x) mod g}: x squared {@code p} times, then x added. */
    public static long qp(int p, long g) {
        long r = X;
        for (int i = 0; i < p; i++) r = mulMod(r, r, g);
        return mod(r ^ X, g);
    }

    /**
     * Ben-Or: {@code f} is irreducible iff {@code gcd(f, qp(i, f)) == 1} for {@code i = 1 … deg(f)/2}. The powers
     * {@code x^(2^i)} are squared incrementally rather than recomputed per {@code i}. Constants (degree below 1)
     * are not irreducible.
     */
    public static boolean isIrreducible(long f) {
        int d = degree(f);
        if (d < 1) return false;
        long power = X; // x^(2^i) mod f
        for (int i = 1; i <= d / 2; i++) {
            power = mulMod(power, power, f);
            if (gcd(f, mod(power ^ X, f)) != 1) return false;
        }
        return true;
    }
}

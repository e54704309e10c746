package io.jrestic.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A restic key: 32 bytes for AES-256-CTR and 16 + 16 bytes ({@code k}, {@code r}) for Poly1305-AES.
 * The repository's master key and the password-derived user keys are both of this shape.
 *
 * <p>{@link #seal} encrypts then MACs into an {@link Envelope}; {@link #open} verifies the MAC in constant time
 * before decrypting anything. Thread-safe; per-thread cipher state is cached, so apart from the JDK's per-call
 * {@code Cipher.init} the MAC path allocates nothing.
 */
public final class CryptoKey {
    public static final int ENCRYPT_LENGTH = 32;
    public static final int MAC_K_LENGTH = 16;
    public static final int MAC_R_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CTR = ThreadLocal.withInitial(() -> cipher("AES/CTR/NoPadding"));
    private static final ThreadLocal<Poly1305Aes> POLY = ThreadLocal.withInitial(Poly1305Aes::new);

    private final byte[] encrypt;
    private final byte[] macK;
    private final byte[] macR;
    private final SecretKeySpec aesKey;
    private final SecretKeySpec macKey;
    /** The clamped {@code r} as two little-endian 64-bit halves, as {@link Poly1305} takes it. */
    private final long r0;
    private final long r1;

    private CryptoKey(byte[] encrypt, byte[] macK, byte[] macR) {
        this.encrypt = encrypt;
        this.macK = macK;
        this.macR = macR;
        this.aesKey = new SecretKeySpec(encrypt, "AES");
        this.macKey = new SecretKeySpec(macK, "AES");
        this.r0 = Poly1305.le64(macR, 0);
        this.r1 = Poly1305.le64(macR, 8);
    }

    /** A key from its three parts; rejects wrong lengths and all-zero parts, as restic does. */
    public static CryptoKey of(byte[] encrypt, byte[] macK, byte[] macR) {
        if (encrypt.length != ENCRYPT_LENGTH || macK.length != MAC_K_LENGTH || macR.length != MAC_R_LENGTH) {
            throw new IllegalArgumentException("invalid key: wrong part lengths");
        }
        if (isZero(encrypt) || isZero(macK) || isZero(macR)) {
            throw new IllegalArgumentException("invalid key: a part is all zero");
        }
        return new CryptoKey(encrypt.clone(), macK.clone(), clamp(macR));
    }

    /** The 64 bytes scrypt derives from a password: encrypt ‖ mac.k ‖ mac.r. */
    public static CryptoKey fromDerived(byte[] dk) {
        if (dk.length != 64) throw new IllegalArgumentException("derived key must be 64 bytes");
        return of(Arrays.copyOfRange(dk, 0, 32), Arrays.copyOfRange(dk, 32, 48), Arrays.copyOfRange(dk, 48, 64));
    }

    /** A fresh random key for a new repository. */
    public static CryptoKey random() {
        byte[] e = new byte[ENCRYPT_LENGTH];
        byte[] k = new byte[MAC_K_LENGTH];
        byte[] r = new byte[MAC_R_LENGTH];
        RANDOM.nextBytes(e);
        RANDOM.nextBytes(k);
        RANDOM.nextBytes(r);
        return of(e, k, r);
    }

    public byte[] encryptionKey() {
        return encrypt.clone();
    }

    public byte[] macK() {
        return macK.clone();
    }

    /** {@code r}, clamped: valid for every restic version (restic ≥ 0.17 stores it unclamped; both give the same tags). */
    public byte[] macR() {
        return macR.clone();
    }

    /** Encrypts {@code plaintext} under a fresh random IV into a new envelope. */
    public byte[] seal(byte[] plaintext) {
        return seal(plaintext, 0, plaintext.length);
    }

    public byte[] seal(byte[] plaintext, int off, int len) {
        byte[] out = new byte[Envelope.envelopeLength(len)];
        seal(plaintext, off, len, out, 0);
        return out;
    }

    /** Seals into {@code out[outOff, outOff + len + 32)}; returns the envelope length. */
    public int seal(byte[] plaintext, int off, int len, byte[] out, int outOff) {
        byte[] iv = new byte[Envelope.IV_LENGTH];
        RandomBytes.nextBytes(iv);
        return sealWithIv(iv, plaintext, off, len, out, outOff);
    }

    /** Seals with a given IV; only for test vectors and deterministic fixtures. Never reuse an IV. */
    public byte[] sealWithIv(byte[] iv, byte[] plaintext) {
        byte[] out = new byte[Envelope.envelopeLength(plaintext.length)];
        sealWithIv(iv, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** Seals with a given IV into {@code out[outOff, outOff + len + 32)}; returns the envelope length. */
    public int sealWithIv(byte[] iv, byte[] plaintext, int off, int len, byte[] out, int outOff) {
        if (iv.length != Envelope.IV_LENGTH) throw new IllegalArgumentException("IV must be 16 bytes, not " + iv.length);
        if (isZero(iv)) throw new IllegalArgumentException("IV must not be all zero");
        System.arraycopy(iv, 0, out, outOff, Envelope.IV_LENGTH);
        int ctOff = outOff + Envelope.IV_LENGTH;
        try {
            Cipher c = CTR.get();
            c.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
            int n = ctr(c, plaintext, off, len, out, ctOff);
            if (n != len) throw new IllegalStateException("CTR produced " + n + " of " + len + " bytes");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
        Poly1305Aes mac = POLY.get();
        mac.compute(macKey, r0, r1, out, outOff, out, ctOff, len);
        mac.writeTag(out, ctOff + len);
        return Envelope.envelopeLength(len);
    }

    public byte[] open(byte[] envelope) throws AuthenticationException {
        return open(envelope, 0, envelope.length);
    }

    /** Verifies and decrypts the envelope {@code envelope[off, off+len)}, returning the plaintext. */
    public byte[] open(byte[] envelope, int off, int len) throws AuthenticationException {
        byte[] out = new byte[Math.max(0, Envelope.plaintextLength(len))];
        open(envelope, off, len, out, 0);
        return out;
    }

    /**
     * Verifies and decrypts into {@code out[outOff, ...)}; returns the plaintext length. An envelope shorter than
     * 32 bytes, with an all-zero IV (restic never writes one) or with a wrong MAC is rejected before anything is
     * decrypted, and {@code out} is left untouched.
     */
    public int open(byte[] envelope, int off, int len, byte[] out, int outOff) throws AuthenticationException {
        java.util.Objects.checkFromIndexSize(off, len, envelope.length);
        if (len < Envelope.OVERHEAD) throw new AuthenticationException("ciphertext too short: " + len + " bytes");
        if (isZero(envelope, off, Envelope.IV_LENGTH)) throw new AuthenticationException("invalid envelope: all-zero IV");
        int ctLen = len - Envelope.OVERHEAD;
        int ctOff = off + Envelope.IV_LENGTH;
        Poly1305Aes mac = POLY.get();
        mac.compute(macKey, r0, r1, envelope, off, envelope, ctOff, ctLen);
        if (!mac.tagEquals(envelope, ctOff + ctLen)) {
            throw new AuthenticationException("ciphertext verification failed");
        }
        try {
            Cipher c = CTR.get();
            c.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(envelope, off, Envelope.IV_LENGTH));
            return ctr(c, envelope, ctOff, ctLen, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
    }

    private static byte[] clamp(byte[] r) {
        byte[] c = r.clone();
        c[3] &= 0x0f;
        c[7] &= 0x0f;
        c[11] &= 0x0f;
        c[15] &= 0x0f;
        c[4] &= (byte) 0xfc;
        c[8] &= (byte) 0xfc;
        c[12] &= (byte) 0xfc;
        return c;
    }

    private static boolean isZero(byte[] b) {
        return isZero(b, 0, b.length);
    }

    private static boolean isZero(byte[] b, int off, int len) {
        int acc = 0;
        for (int i = off; i < off + len; i++) acc |= b[i];
        return acc == 0;
    }

    /**
     * Runs the CTR keystream over {@code in} in pieces of at most {@link #CTR_PIECE} bytes. The JDK's AES-CTR
     * intrinsic (tens of GB/s) only replaces its Java loop once that method is compiled, which needs many calls:
     * one call per 1 MiB blob leaves a short-lived CLI in the slow interpreted loop.
     */
    private static int ctr(Cipher c, byte[] in, int off, int len, byte[] out, int outOff) throws GeneralSecurityException {
        int done = 0;
        while (len - done > CTR_PIECE) {
            done += c.update(in, off + done, CTR_PIECE, out, outOff + done);
        }
        return done + c.doFinal(in, off + done, len - done, out, outOff + done);
    }

    /** Size of the pieces the CTR cipher is fed; see {@link #ctr}. */
    static final int CTR_PIECE = 16 * 1024;

    private static final java.util.concurrent.atomic.AtomicBoolean WARMED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts (once per process, in a background thread) a few thousand tiny seal, open and SHA-256 calls. HotSpot
     * swaps in the AES-CTR, Poly1305 and SHA-256 intrinsics only when it compiles their methods with C2, which
     * takes hundreds of calls; bulk commands (backup, restore, check --read-data) call this first so that their data runs through
     * the intrinsics from the first megabytes instead of through the interpreted Java loops.
     */
    public static void warmUp() {
        if (!WARMED.compareAndSet(false, true)) return;
        Thread.ofPlatform().daemon().name("crypto-warm-up").start(() -> {
            CryptoKey key = random();
            byte[] plain = new byte[64];
            byte[] sealed = new byte[Envelope.envelopeLength(plain.length)];
            byte[] block = new byte[256];
            try {
                // SHA-256 names every blob and pack: its block loop has an intrinsic (SHA-NI) too
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < WARM_UP_CALLS; i++) {
                    key.seal(plain, 0, plain.length, sealed, 0);
                    key.open(sealed, 0, sealed.length, plain, 0);
                    sha.update(block);
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // only an optimisation: the real work will report any real failure
            }
        });
    }

    /**
     * Enough for C2 to compile the intrinsified methods themselves, not only their loops: C1's profiled copy must
     * see thousands of calls (Tier4InvocationThreshold is 5,000), and its loops run on-stack-replaced, so they do
     * not count. With 2,000 the intrinsics arrived only seconds into the bulk work (JIT log of a check). About 50 ms
     * of the otherwise idle core while the key is derived.
     */
    private static final int WARM_UP_CALLS = 10_000;

    private static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is unavailable", e);
        }
    }
}

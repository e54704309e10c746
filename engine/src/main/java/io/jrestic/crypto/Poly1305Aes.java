package io.jrestic.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Poly1305-AES as restic uses it: {@code s = AES-128(k, nonce)}, {@code r} clamped, the tag over the ciphertext
 * only. One instance per thread: it keeps an AES/ECB cipher initialised with the last {@code k} it saw, so a
 * thread that keeps using one key neither re-keys nor allocates. The polynomial runs on the JDK's intrinsic
 * ({@link JdkPoly1305}) where it is available and agrees with our own {@link Poly1305}, which is the fallback.
 */
final class Poly1305Aes {
    private final Cipher ecb;
    private SecretKeySpec ecbKey;
    private final byte[] s = new byte[Poly1305.BLOCK_LENGTH];
    private final Poly1305 poly = new Poly1305();
    private final JdkPoly1305 jdk = JdkPoly1305.AVAILABLE ? new JdkPoly1305() : null;
    private long tag0;
    private long tag1;

    Poly1305Aes() {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding is unavailable", e);
        }
    }

    /** Computes the tag of {@code msg[off, off+len)}; read it with {@link #writeTag} or {@link #tagEquals}. */
    void compute(SecretKeySpec k, long r0, long r1, byte[] nonce, int nonceOff, byte[] msg, int off, int len) {
        try {
            if (k != ecbKey) {
                ecb.init(Cipher.ENCRYPT_MODE, k);
                ecbKey = k;
            }
            ecb.doFinal(nonce, nonceOff, Poly1305.BLOCK_LENGTH, s, 0);
        } catch (GeneralSecurityException e) {
            ecbKey = null;
            throw new IllegalStateException("AES-128 of the Poly1305 nonce failed", e);
        }
        long s0 = Poly1305.le64(s, 0);
        long s1 = Poly1305.le64(s, 8);
        if (jdk != null) {
            jdk.compute(r0, r1, s0, s1, msg, off, len);
            tag0 = jdk.tag0();
            tag1 = jdk.tag1();
        } else {
            poly.compute(r0, r1, s0, s1, msg, off, len);
            tag0 = poly.tag0();
            tag1 = poly.tag1();
        }
    }

    void writeTag(byte[] out, int off) {
        Poly1305.putLe64(out, off, tag0);
        Poly1305.putLe64(out, off + 8, tag1);
    }

    /** Compares the last tag with {@code mac[off, off+16)} in constant time. */
    boolean tagEquals(byte[] mac, int off) {
        long diff = (tag0 ^ Poly1305.le64(mac, off)) | (tag1 ^ Poly1305.le64(mac, off + 8));
        return diff == 0;
    }
}

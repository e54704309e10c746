package io.jrestic.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Poly1305-AES as restic uses it: {@code s = AES-128(k, nonce)}, {@code r} clamped, the tag over the ciphertext
 * only. One instance per thread: it keeps an AES/ECB cipher initialised with the last {@code k} it saw, so a
 * thread that keeps using one key neither re-keys nor allocates.
 */
final class Poly1305Aes {
    private final Cipher ecb;
    private SecretKeySpec ecbKey;
    private final byte[] s = new byte[Poly1305.BLOCK_LENGTH];
    private final Poly1305 poly = new Poly1305();

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
        poly.compute(r0, r1, Poly1305.le64(s, 0), Poly1305.le64(s, 8), msg, off, len);
    }

    void writeTag(byte[] out, int off) {
        Poly1305.putLe64(out, off, poly.tag0());
        Poly1305.putLe64(out, off + 8, poly.tag1());
    }

    /** Compares the last tag with {@code mac[off, off+16)} in constant time. */
    boolean tagEquals(byte[] mac, int off) {
        long diff = (poly.tag0() ^ Poly1305.le64(mac, off)) | (poly.tag1() ^ Poly1305.le64(mac, off + 8));
        return diff == 0;
    }
}

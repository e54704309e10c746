package io.jrestic.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Poly1305-AES as restic uses it: {@code s = AES-128(k, nonce)}, {@code r} clamped, tag over the ciphertext only.
 * Not thread-safe: one instance per thread.
 */
final class Poly1305Aes {
    private final Poly1305 mac = new Poly1305(AESEngine.newInstance());
    private final byte[] bcKey = new byte[32];

    /** Computes the tag of {@code msg[off, off+len)} into {@code out[outOff, outOff+16)}. */
    void tag(byte[] macK, byte[] macR, byte[] nonce, int nonceOff, byte[] msg, int off, int len, byte[] out, int outOff) {
        // BouncyCastle orders its key r ‖ k (restic stores k ‖ r) and clamps r itself.
        System.arraycopy(macR, 0, bcKey, 0, 16);
        System.arraycopy(macK, 0, bcKey, 16, 16);
        byte[] iv = new byte[16];
        System.arraycopy(nonce, nonceOff, iv, 0, 16);
        mac.init(new ParametersWithIV(new KeyParameter(bcKey), iv));
        mac.update(msg, off, len);
        mac.doFinal(out, outOff);
    }
}

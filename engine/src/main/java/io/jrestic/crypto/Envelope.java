package io.jrestic.crypto;

/**
 * Byte layout of restic's encryption envelope: {@code IV(16) ‖ ciphertext(n) ‖ MAC(16)}. The IV is both the
 * AES-256-CTR initial counter block and the Poly1305-AES nonce; the MAC covers the ciphertext only.
 */
public final class Envelope {
    public static final int IV_LENGTH = 16;
    public static final int MAC_LENGTH = 16;
    /** Bytes an envelope adds to its plaintext. */
    public static final int OVERHEAD = IV_LENGTH + MAC_LENGTH;

    private Envelope() {
    }

    /** Length of the plaintext inside an envelope of {@code envelopeLength} bytes. */
    public static int plaintextLength(int envelopeLength) {
        return envelopeLength - OVERHEAD;
    }

    public static int envelopeLength(int plaintextLength) {
        return plaintextLength + OVERHEAD;
    }
}

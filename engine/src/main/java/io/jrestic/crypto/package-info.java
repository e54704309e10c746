/**
 * restic's authenticated encryption: AES-256-CTR then Poly1305-AES over the ciphertext, in the
 * {@link io.jrestic.crypto.Envelope} layout, with {@link io.jrestic.crypto.CryptoKey} as master and user key.
 */
package io.jrestic.crypto;

package io.jrestic.crypto;

import java.security.GeneralSecurityException;

/** The MAC of an envelope does not match: wrong key (password) or damaged bytes. Nothing was decrypted. */
public final class AuthenticationException extends GeneralSecurityException {
    public AuthenticationException(String message) {
        super(message);
    }
}

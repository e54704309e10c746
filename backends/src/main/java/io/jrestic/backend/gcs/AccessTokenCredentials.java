package io.jrestic.backend.gcs;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.OAuth2Credentials;

import java.io.IOException;

/**
 * The bearer token from GOOGLE_ACCESS_TOKEN, used as is, as restic does. When the server rejects it the client asks
 * for a fresh one; this answers with a {@link GcsPermanentException}, so the failure is reported as bad credentials
 * and not retried. The token never appears in a message.
 */
final class AccessTokenCredentials extends OAuth2Credentials {
    private static final long serialVersionUID = 1L;

    AccessTokenCredentials(String token) {
        super(new AccessToken(token, null));
    }

    @Override
    public AccessToken refreshAccessToken() throws IOException {
        throw new GcsPermanentException("the token in " + GcsBackendFactory.ACCESS_TOKEN_VARIABLE
                + " was rejected or has expired", null);
    }
}

package io.jrestic.interop;

import io.jrestic.backend.Backend;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.key.KdfParams;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test speed only: restic 0.14 calibrates scrypt to about half a second per key, paid by every command that opens
 * the repository. Tests that run many commands add a second key for the same password with tiny scrypt costs and
 * pass its ID as the key hint, which both programs try first.
 */
final class FastKey {
    private static final KdfParams CHEAP = new KdfParams(1024, 8, 1);

    private FastKey() {
    }

    /** Adds a cheap key for {@code password} and returns its ID, the value for RESTIC_KEY_HINT. */
    static String add(Path repository, String password) throws IOException {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        Backend backend = BackendRegistry.open(repository.toString(), Map.of(), Map.of());
        try (Repository repo = Repository.open(backend, pw, null, Repository.Settings.DEFAULT)) {
            return repo.addKey(pw, CHEAP).toString();
        }
    }
}

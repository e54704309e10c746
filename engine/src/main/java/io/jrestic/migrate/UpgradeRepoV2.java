package io.jrestic.migrate;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.config.Config;
import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code upgrade_repo_v2}: a version 1 repository becomes version 2 by rewriting only its config (restic-format
 * §5). Existing blobs and files stay uncompressed and valid; new ones may be compressed afterwards.
 *
 * <p>The backend never overwrites a file, so the config is removed and saved anew. To make the one moment without
 * a config as safe as it can be: the old config's bytes are kept in a local file until the end (named in every
 * error message); the new config is encrypted and decrypted back before anything is removed; after the save it is
 * read back from the backend and checked; if saving or the check fails, the old bytes are put back.
 */
public final class UpgradeRepoV2 implements Migration {
    /** Prefix of the local directory holding the old config until the upgrade is done. */
    static final String BACKUP_PREFIX = "jrestic-migrate-upgrade-repo-v2-";

    @Override
    public String name() {
        return "upgrade_repo_v2";
    }

    @Override
    public String description() {
        return "upgrade a repository to version 2";
    }

    @Override
    public Optional<String> reasonNotApplicable(Repository repo) {
        int version = repo.config().version();
        if (version == Config.VERSION_1) return Optional.empty();
        return Optional.of("repository is already upgraded to version " + version);
    }

    @Override
    public boolean needsRepositoryCheck() {
        return true;
    }

    @Override
    public void apply(Repository repo) throws IOException {
        Config current = repo.config();
        if (current.version() != Config.VERSION_1) {
            throw new MigrationException("repository has version " + current.version()
                    + ", only upgrades from version 1 are supported");
        }
        Backend backend = repo.backend();
        CryptoKey key = repo.key();
        byte[] oldBytes = backend.load(FileHandle.CONFIG);
        if (!current.equals(decode(key, oldBytes))) {
            throw new MigrationException(backend.location() + ": config changed since the repository was opened");
        }
        Config upgraded = new Config(Config.VERSION_2, current.id(), current.chunkerPolynomial());
        byte[] newBytes = key.seal(upgraded.toJson());
        if (!upgraded.equals(decode(key, newBytes))) {
            throw new MigrationException("the new config does not decrypt to what was encrypted; nothing was changed");
        }

        Path backupDir = Files.createTempDirectory(BACKUP_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path backup = backupDir.resolve("config");
        Files.write(backup, oldBytes);
        if (!Arrays.equals(Files.readAllBytes(backup), oldBytes)) {
            throw new MigrationException("could not keep a copy of the config in " + backup + "; nothing was changed");
        }

        backend.remove(FileHandle.CONFIG);
        try {
            backend.save(FileHandle.CONFIG, ByteSource.of(newBytes));
            Config stored = decode(key, backend.load(FileHandle.CONFIG));
            if (!upgraded.equals(stored)) throw new IOException("the config read back is " + stored + ", not " + upgraded);
        } catch (IOException | RuntimeException e) {
            String restored;
            try {
                backend.remove(FileHandle.CONFIG);
                backend.save(FileHandle.CONFIG, ByteSource.of(oldBytes));
                restored = "the old config was put back";
            } catch (IOException | RuntimeException again) {
                restored = "putting the old config back failed as well (" + again.getMessage() + ")";
            }
            throw new MigrationException("saving the new config failed (" + e.getMessage() + "); " + restored
                    + "; a copy of the old config is in " + backup, e);
        }
        Files.delete(backup);
        Files.delete(backupDir);
    }

    /** Decrypts and parses config bytes; damage is an exception naming the config. */
    static Config decode(CryptoKey key, byte[] sealed) throws MigrationException {
        try {
            return Config.parse(key.open(sealed));
        } catch (AuthenticationException | IllegalArgumentException e) {
            throw new MigrationException("config: " + e.getMessage(), e);
        }
    }
}

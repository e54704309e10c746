package io.jrestic.backend.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The permissions restic gives what it creates (§2.2): private by default, group-accessible when the repository's
 * config file is group-readable, so that a repository shared with a group stays shared.
 *
 * @param directory a new directory
 * @param writing   a temporary file while it is written
 * @param saved     a saved file: {@code writing} without write bits
 */
record LocalModes(Set<PosixFilePermission> directory, Set<PosixFilePermission> writing,
                  Set<PosixFilePermission> saved) {

    static final LocalModes PRIVATE = of("rwx------", "rw-------", "r--------");
    static final LocalModes GROUP_ACCESSIBLE = of("rwxrwx---", "rw-rw----", "r--r-----");

    private static LocalModes of(String directory, String writing, String saved) {
        return new LocalModes(PosixFilePermissions.fromString(directory), PosixFilePermissions.fromString(writing),
                PosixFilePermissions.fromString(saved));
    }

    /** The modes implied by an existing config file; {@link #PRIVATE} when there is none yet. */
    static LocalModes derivedFrom(Path config) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(config, LinkOption.NOFOLLOW_LINKS);
            return mode.contains(PosixFilePermission.GROUP_READ) ? GROUP_ACCESSIBLE : PRIVATE;
        } catch (NoSuchFileException e) {
            return PRIVATE;
        }
    }
}

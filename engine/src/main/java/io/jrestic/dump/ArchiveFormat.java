package io.jrestic.dump;

/** How {@code dump} writes a directory: restic's {@code --archive tar} (the default) or {@code --archive zip}. */
public enum ArchiveFormat {
    TAR,
    ZIP
}

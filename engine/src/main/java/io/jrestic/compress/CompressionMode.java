package io.jrestic.compress;

import java.util.Locale;

/**
 * restic 0.14's {@code --compression} modes (restic-format §7). Only data blobs follow the mode: tree blobs and
 * unpacked files are always compressed in a version 2 repository, at {@link #AUTO}'s level unless the mode is
 * {@link #MAX}.
 */
public enum CompressionMode {
    /**
     * restic 0.14 uses its encoder's {@code SpeedDefault} here ("about zstd level 3"). zstd-jni's level 1 is used
     * instead: any level makes frames every reader accepts, and on the benchmark's dump-like stream level 1 is 1.5×
     * as fast as level 3 for the same overall ratio (0.533 both; 0.174 against 0.171 on its text-only parts).
     */
    AUTO(1),
    /** Data blobs stored uncompressed. Trees and unpacked files still use {@link #AUTO}'s level. */
    OFF(1),
    /**
     * restic's {@code SpeedBestCompression}, which its encoder library describes as about zstd level 11. Level 11
     * keeps "max" a practical setting (roughly a fifth of level 3's speed) where level 19 would be about ten times
     * slower again for a few percent of size.
     */
    MAX(11);

    private final int level;

    CompressionMode(int level) {
        this.level = level;
    }

    /** The zstd level for blobs this mode compresses (for {@link #OFF}: the level of trees and unpacked files). */
    public int level() {
        return level;
    }

    /** True if data blobs are compressed under this mode. */
    public boolean compressesData() {
        return this != OFF;
    }

    /** The name restic's command line uses: "auto", "off" or "max". */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "auto", "off" or "max" in any case, as {@code --compression} and {@code RESTIC_COMPRESSION} take them. */
    public static CompressionMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "off" -> OFF;
            case "max" -> MAX;
            default -> throw new IllegalArgumentException(
                    "invalid compression mode \"" + text + "\": want auto, off or max");
        };
    }
}

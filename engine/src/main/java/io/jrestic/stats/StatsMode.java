package io.jrestic.stats;

import java.util.Arrays;

/** What {@code stats --mode} counts, with the names restic accepts and prints. */
public enum StatsMode {
    /** Every node of every snapshot as a restore would write it; hard links counted once per snapshot. */
    RESTORE_SIZE("restore-size"),
    /** Each distinct file content (the sequence of its blob IDs) once. */
    FILES_BY_CONTENTS("files-by-contents"),
    /** Each data blob once per file path that references it. */
    BLOBS_PER_FILE("blobs-per-file"),
    /** Each blob the snapshots reference once, as stored (encrypted, possibly compressed). */
    RAW_DATA("raw-data");

    private final String cliName;

    StatsMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The mode named {@code name}, or an exception with restic's message. */
    public static StatsMode parse(String name) {
        return Arrays.stream(values()).filter(m -> m.cliName.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown counting mode: " + name + " (use the -h flag to get a list of supported modes)"));
    }
}

package io.jrestic.backend;

/** The kinds of file a repository holds, with the directory each lives in (restic's default layout). */
public enum FileType {
    CONFIG(""),
    KEY("keys"),
    LOCK("locks"),
    SNAPSHOT("snapshots"),
    INDEX("index"),
    PACK("data");

    private final String directory;

    FileType(String directory) {
        this.directory = directory;
    }

    /** Directory under the repository root; {@code ""} for {@link #CONFIG}, which is the file {@code config}. */
    public String directory() {
        return directory;
    }

    /** Name used by {@code restic list} and {@code restic cat}. */
    public String cliName() {
        return switch (this) {
            case CONFIG -> "config";
            case KEY -> "keys";
            case LOCK -> "locks";
            case SNAPSHOT -> "snapshots";
            case INDEX -> "index";
            case PACK -> "packs";
        };
    }
}

package io.jrestic.backend;

import io.jrestic.id.Id;

/**
 * Names one file of a repository. {@code name} is the hex ID for everything but the config, whose name is "config".
 */
public record FileHandle(FileType type, String name) {
    public static final FileHandle CONFIG = new FileHandle(FileType.CONFIG, "config");

    public FileHandle {
        if (type == FileType.CONFIG ? !name.equals("config") : !Id.isValid(name)) {
            throw new IllegalArgumentException("invalid name \"" + name + "\" for a " + type + " file");
        }
    }

    public static FileHandle of(FileType type, Id id) {
        return new FileHandle(type, id.toString());
    }

    public Id id() {
        return Id.parse(name);
    }

    /** Path relative to the repository root in restic's default layout: {@code data/<xx>/<id>} for packs. */
    public String path() {
        return switch (type) {
            case CONFIG -> "config";
            case PACK -> "data/" + name.substring(0, 2) + "/" + name;
            default -> type.directory() + "/" + name;
        };
    }

    @Override
    public String toString() {
        return path();
    }
}

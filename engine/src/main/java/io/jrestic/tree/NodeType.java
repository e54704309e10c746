package io.jrestic.tree;

/**
 * The {@code type} of a node (restic-format §10.2), with its JSON name. {@link #IRREGULAR} is only read (latest
 * restic writes it for files Go cannot classify); jrestic never writes it.
 */
public enum NodeType {
    FILE("file"),
    DIR("dir"),
    SYMLINK("symlink"),
    /** A block device. */
    DEV("dev"),
    CHARDEV("chardev"),
    FIFO("fifo"),
    SOCKET("socket"),
    IRREGULAR("irregular");

    private final String jsonName;

    NodeType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in a tree's JSON, e.g. {@code "chardev"}. */
    public String jsonName() {
        return jsonName;
    }

    /** @throws IllegalArgumentException for a name restic does not define */
    public static NodeType fromJsonName(String name) {
        for (NodeType t : values()) {
            if (t.jsonName.equals(name)) return t;
        }
        throw new IllegalArgumentException("unknown node type \"" + name + "\"");
    }

    @Override
    public String toString() {
        return jsonName;
    }
}

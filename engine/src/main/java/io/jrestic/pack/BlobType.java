package io.jrestic.pack;

/** The two kinds of blob. Data and tree blobs never share a pack; the same bytes as both types are two blobs. */
public enum BlobType {
    DATA("data"),
    TREE("tree");

    private final String jsonName;

    BlobType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in index JSON and in {@code restic list blobs}. */
    public String jsonName() {
        return jsonName;
    }

    public static BlobType fromJsonName(String name) {
        return switch (name) {
            case "data" -> DATA;
            case "tree" -> TREE;
            default -> throw new IllegalArgumentException("invalid blob type \"" + name + "\"");
        };
    }
}

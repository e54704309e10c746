package io.jrestic.backend.gcs;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A parsed {@code gs:bucket:/prefix} location (§20.3): the bucket, and the object name prefix under which the
 * repository's files live (§2.3), cleaned like a path and without a leading {@code /}; empty for the bucket root.
 *
 * @param bucket the bucket name, never empty
 * @param prefix the cleaned prefix without leading or trailing {@code /}, possibly empty
 */
public record GcsLocation(String bucket, String prefix) {
    public static final String SCHEME = "gs";

    public GcsLocation {
        if (bucket.isEmpty()) throw new IllegalArgumentException("invalid location \"gs:" + bucket + ":/" + prefix
                + "\": the bucket name is empty");
    }

    /**
     * Parses the text after {@code "gs:"}, e.g. {@code "bucket:/prefix"}; the colon after the bucket is mandatory.
     *
     * @throws IllegalArgumentException naming the location if it has no colon or no bucket
     */
    public static GcsLocation parse(String address) {
        int colon = address.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid location \"gs:" + address
                    + "\": expected gs:bucket:/prefix (the colon after the bucket name is mandatory)");
        }
        String bucket = address.substring(0, colon);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("invalid location \"gs:" + address + "\": the bucket name is empty");
        }
        return new GcsLocation(bucket, clean(address.substring(colon + 1)));
    }

    /** The object name of a repository file: {@code <prefix>/<path>}, or just the path for an empty prefix. */
    public String objectName(FileHandle handle) {
        return under(handle.path());
    }

    /** The listing prefix of a file type's directory, ending in {@code /}, e.g. {@code <prefix>/snapshots/}. */
    public String directoryPrefix(FileType type) {
        return under(type.directory()) + "/";
    }

    private String under(String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }

    /**
     * Go's {@code path.Clean} followed by removing the leading {@code /}, as restic does: repeated slashes collapse,
     * {@code .} elements vanish and {@code ..} removes the element before it (never climbing above the root).
     */
    static String clean(String path) {
        Deque<String> elements = new ArrayDeque<>();
        for (String element : path.split("/", -1)) {
            if (element.isEmpty() || element.equals(".")) continue;
            if (element.equals("..")) {
                if (!elements.isEmpty() && !elements.peekLast().equals("..")) elements.removeLast();
                else if (!path.startsWith("/")) elements.addLast(element);
            } else {
                elements.addLast(element);
            }
        }
        return String.join("/", elements);
    }

    /** The location as restic writes it, e.g. {@code gs:bucket:/prefix}. */
    @Override
    public String toString() {
        return SCHEME + ":" + bucket + ":/" + prefix;
    }
}

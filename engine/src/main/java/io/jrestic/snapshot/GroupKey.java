package io.jrestic.snapshot;

import io.jrestic.json.JsonWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The key of a snapshot group: the components grouped by, the others absent.
 *
 * @param host  the hostname, {@code ""} when not grouped by host
 * @param paths the sorted paths, {@code null} when not grouped by paths
 * @param tags  the sorted tags, {@code null} when not grouped by tags or when the snapshots have none
 */
public record GroupKey(String host, List<String> paths, List<String> tags) {
    public GroupKey {
        host = host == null ? "" : host;
        paths = paths == null ? null : List.copyOf(paths);
        tags = tags == null || tags.isEmpty() ? null : List.copyOf(tags);
    }

    /** restic's key JSON, {@code {"hostname":"h","paths":["/a"],"tags":null}}. */
    public byte[] toJson() {
        JsonWriter w = new JsonWriter();
        w.beginObject().name("hostname").value(host);
        strings(w.name("paths"), paths);
        strings(w.name("tags"), tags);
        return w.endObject().toByteArray();
    }

    /** Writes a nullable string list as Go encodes a slice: {@code null} or an array. */
    public static void strings(JsonWriter w, List<String> list) {
        if (list == null) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (String s : list) w.value(s);
        w.endArray();
    }

    /** The parts restic prints in a group header, e.g. {@code host [h1], tags [a, b], paths [/srv]}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!host.isEmpty()) parts.add("host [" + host + "]");
        if (tags != null) parts.add("tags [" + String.join(", ", tags) + "]");
        if (paths != null) parts.add("paths [" + String.join(", ", paths) + "]");
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}

package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.json.JsonWriter;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** restic's --group-by: host, paths and/or tags (paths and tags compared sorted). */
final class SnapshotGroups {
    private SnapshotGroups() {
    }

    /** A group key; components not grouped by are null. */
    record Key(String host, List<String> paths, List<String> tags) {
        void write(JsonWriter w) {
            w.beginObject().name("hostname").value(host == null ? "" : host).name("paths");
            list(w, paths);
            w.name("tags");
            list(w, tags);
            w.endObject();
        }

        private static void list(JsonWriter w, List<String> l) {
            if (l == null) {
                w.nullValue();
                return;
            }
            w.beginArray();
            for (String s : l) w.value(s);
            w.endArray();
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (host != null) parts.add("host [" + host + "]");
            if (paths != null) parts.add("paths [" + String.join(", ", paths) + "]");
            if (tags != null) parts.add("tags [" + String.join(", ", tags) + "]");
            return "snapshots for (" + String.join(", ", parts) + "):";
        }
    }

    static Map<Key, List<IdentifiedSnapshot>> group(List<IdentifiedSnapshot> snapshots, String groupBy) {
        boolean byHost = false;
        boolean byPaths = false;
        boolean byTags = false;
        for (String g : groupBy.split(",")) {
            switch (g.strip()) {
                case "" -> { }
                case "host", "hosts" -> byHost = true;
                case "path", "paths" -> byPaths = true;
                case "tag", "tags" -> byTags = true;
                default -> throw new CliException("unknown grouping option: \"" + g + "\"");
            }
        }
        Map<Key, List<IdentifiedSnapshot>> groups = new LinkedHashMap<>();
        for (IdentifiedSnapshot s : snapshots) {
            List<String> paths = byPaths ? s.snapshot().paths().stream().sorted().toList() : null;
            List<String> tags = byTags ? s.snapshot().tags().stream().sorted().toList() : null;
            Key k = new Key(byHost ? s.snapshot().hostname() : null, paths, tags);
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
        }
        return groups;
    }
}

package io.jrestic.cli.forget;

import io.jrestic.interop.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The content of a {@code forget --json} answer that must agree between restic and jrestic, independent of the
 * (random) group order: per group key, the kept and removed IDs and each kept snapshot's reasons and counters.
 */
record ForgetGroups(Map<String, Group> groups) {
    record Group(Set<String> keep, Set<String> remove, Map<String, Object> reasons, Map<String, Object> counters) {
    }

    @SuppressWarnings("unchecked")
    static ForgetGroups of(String json) {
        Map<String, Group> groups = new TreeMap<>();
        if (json.isBlank()) return new ForgetGroups(groups);
        for (Object o : (List<Object>) Json.parse(json)) {
            Map<String, Object> g = (Map<String, Object>) o;
            String key = "host=" + g.get("host") + " paths=" + g.get("paths") + " tags=" + g.get("tags");
            List<Map<String, Object>> keep = g.get("keep") == null ? List.of() : (List<Map<String, Object>>) g.get("keep");
            List<Map<String, Object>> remove = g.get("remove") == null ? List.of() : (List<Map<String, Object>>) g.get("remove");
            List<Map<String, Object>> reasons = g.get("reasons") == null ? List.of() : (List<Map<String, Object>>) g.get("reasons");
            if (reasons.size() != keep.size()) throw new AssertionError("reasons do not match keep in " + key + ": " + json);
            Map<String, Object> matches = new TreeMap<>();
            Map<String, Object> counters = new TreeMap<>();
            for (int i = 0; i < keep.size(); i++) {
                // restic 0.14's reasons carry the bare snapshot: they pair with keep by position
                String id = (String) keep.get(i).get("id");
                matches.put(id, reasons.get(i).get("matches"));
                counters.put(id, reasons.get(i).get("counters"));
            }
            Set<String> keepIds = new TreeSet<>();
            for (var s : keep) keepIds.add((String) s.get("id"));
            Set<String> removeIds = new TreeSet<>();
            for (var s : remove) removeIds.add((String) s.get("id"));
            if (groups.put(key, new Group(keepIds, removeIds, matches, counters)) != null) {
                throw new AssertionError("group " + key + " printed twice: " + json);
            }
        }
        return new ForgetGroups(groups);
    }

    /** Whether some group would lose every snapshot. */
    boolean emptiesAGroup() {
        return groups.values().stream().anyMatch(g -> g.keep().isEmpty() && !g.remove().isEmpty());
    }
}

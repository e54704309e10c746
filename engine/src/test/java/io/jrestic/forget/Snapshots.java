package io.jrestic.forget;

import io.jrestic.id.Id;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Snapshots for tests, named by a label (the ID is the label's hash), at an RFC 3339 time. */
final class Snapshots {
    private static final Map<Id, String> LABELS = new ConcurrentHashMap<>();

    private Snapshots() {
    }

    static IdentifiedSnapshot at(String label, String time) {
        return at(label, time, "h", List.of("/p"), List.of());
    }

    static IdentifiedSnapshot at(String label, String time, String host, List<String> paths, List<String> tags) {
        Snapshot s = Snapshot.builder(OffsetDateTime.parse(time), Id.ZERO, paths).hostname(host).tags(tags).build();
        Id id = Id.hash(label.getBytes(StandardCharsets.UTF_8));
        LABELS.put(id, label);
        return new IdentifiedSnapshot(id, s);
    }

    static List<String> labels(List<IdentifiedSnapshot> list) {
        return list.stream().map(s -> LABELS.get(s.id())).toList();
    }
}

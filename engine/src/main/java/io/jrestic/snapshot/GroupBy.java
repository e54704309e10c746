package io.jrestic.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** restic's {@code --group-by}: which of host, paths and tags split snapshots into groups. */
public record GroupBy(boolean host, boolean paths, boolean tags) {
    /** {@code forget}'s default. */
    public static final GroupBy HOST_AND_PATHS = new GroupBy(true, true, false);
    public static final GroupBy NONE = new GroupBy(false, false, false);

    /**
     * Parses a comma-separated list of {@code host}, {@code paths}, {@code tags} (singular forms too); the empty
     * string groups nothing.
     *
     * @throws IllegalArgumentException {@code unknown grouping option: 'x'}
     */
    public static GroupBy parse(String text) {
        boolean h = false, p = false, t = false;
        if (text.isEmpty()) return NONE;
        for (String option : text.split(",", -1)) {
            switch (option) {
                case "host", "hosts" -> h = true;
                case "path", "paths" -> p = true;
                case "tag", "tags" -> t = true;
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown grouping option: '" + option + "'");
            }
        }
        return new GroupBy(h, p, t);
    }

    public boolean groupsNothing() {
        return !host && !paths && !tags;
    }

    /** The same grouping without the host component (used to find groups that differ only in the host). */
    public GroupBy withoutHost() {
        return new GroupBy(false, paths, tags);
    }

    public GroupBy withoutPaths() {
        return new GroupBy(host, false, tags);
    }

    /**
     * Splits snapshots into groups, in order of first appearance. As restic does before building the key, every
     * snapshot's paths are sorted, and its tags too when grouping by tags; the returned snapshots carry that order.
     */
    public List<SnapshotGroup> group(List<IdentifiedSnapshot> snapshots) {
        Map<GroupKey, List<IdentifiedSnapshot>> groups = new LinkedHashMap<>();
        for (IdentifiedSnapshot s : snapshots) {
            IdentifiedSnapshot sorted = normalise(s);
            Snapshot sn = sorted.snapshot();
            GroupKey key = new GroupKey(host ? sn.hostname() : "", paths ? sn.paths() : null, tags ? sn.tags() : null);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(sorted);
        }
        List<SnapshotGroup> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(new SnapshotGroup(k, v)));
        return out;
    }

    private IdentifiedSnapshot normalise(IdentifiedSnapshot s) {
        Snapshot sn = s.snapshot();
        List<String> sortedPaths = sn.paths().stream().sorted().toList();
        List<String> sortedTags = tags ? sn.tags().stream().sorted().toList() : sn.tags();
        if (sortedPaths.equals(sn.paths()) && sortedTags.equals(sn.tags())) return s;
        Snapshot copy = new Snapshot(sn.time(), sn.parent(), sn.tree(), sortedPaths, sn.hostname(), sn.username(),
                sn.uid(), sn.gid(), sn.excludes(), sortedTags, sn.original(), sn.programVersion(), sn.summary());
        return new IdentifiedSnapshot(s.id(), copy);
    }
}

package io.jrestic.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * restic's snapshot selection by {@code --host}, {@code --tag} and {@code --path} (restic-format §17.1); the three
 * criteria are AND-ed and an empty criterion matches everything.
 *
 * @param hosts    the snapshot's hostname must be one of these
 * @param tagLists the snapshot must have every tag of at least one list; a list holding the empty tag matches a
 *                 snapshot without tags
 * @param paths    the snapshot's paths must include every one of these (exact string comparison)
 */
public record SnapshotFilter(List<String> hosts, List<List<String>> tagLists, List<String> paths) {
    public static final SnapshotFilter ALL = new SnapshotFilter(List.of(), List.of(), List.of());

    public SnapshotFilter {
        hosts = List.copyOf(hosts);
        tagLists = tagLists.stream().map(List::copyOf).toList();
        paths = List.copyOf(paths);
    }

    /** One {@code --tag} value: comma-separated tags, each trimmed of white space as restic does. */
    public static List<String> parseTagList(String commaSeparated) {
        List<String> tags = new ArrayList<>();
        for (String tag : commaSeparated.split(",", -1)) tags.add(trimGoSpace(tag));
        return List.copyOf(tags);
    }

    /**
     * The tags to give a snapshot from several {@code --tag} values: every comma-separated tag of every value, empty
     * ones dropped (restic's {@code TagLists.Flatten}; {@code --tag ""} adds no tag).
     */
    public static List<String> parseTags(Collection<String> flagValues) {
        List<String> tags = new ArrayList<>();
        for (String value : flagValues) {
            for (String t : parseTagList(value)) {
                if (!t.isEmpty()) tags.add(t);
            }
        }
        return List.copyOf(tags);
    }

    public boolean matches(Snapshot s) {
        return (hosts.isEmpty() || hosts.contains(s.hostname())) && matchesTags(s) && s.paths().containsAll(paths);
    }

    private boolean matchesTags(Snapshot s) {
        if (tagLists.isEmpty()) return true;
        for (List<String> list : tagLists) {
            if (hasAll(s, list)) return true;
        }
        return false;
    }

    /** restic's {@code HasTags}: checked in order, an empty tag met while the snapshot has no tags matches. */
    private static boolean hasAll(Snapshot s, List<String> list) {
        for (String tag : list) {
            if (tag.isEmpty() && s.tags().isEmpty()) return true;
            if (!s.hasTag(tag)) return false;
        }
        return true;
    }

    /** The matching snapshots, oldest first (see {@link IdentifiedSnapshot#BY_TIME}). */
    public List<IdentifiedSnapshot> select(Collection<IdentifiedSnapshot> snapshots) {
        return snapshots.stream().filter(s -> matches(s.snapshot())).sorted(IdentifiedSnapshot.BY_TIME).toList();
    }

    /** The newest matching snapshot ({@code latest}); among equal times the one with the greatest ID. */
    public Optional<IdentifiedSnapshot> latest(Collection<IdentifiedSnapshot> snapshots) {
        return snapshots.stream().filter(s -> matches(s.snapshot())).max(IdentifiedSnapshot.BY_TIME);
    }

    /** Go's {@code strings.TrimSpace}: Unicode white space, including U+0085 and U+00A0. */
    private static String trimGoSpace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isGoSpace(s.charAt(from))) from++;
        while (to > from && isGoSpace(s.charAt(to - 1))) to--;
        return s.substring(from, to);
    }

    private static boolean isGoSpace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0 -> true;
            default -> c > 0xff && Character.isSpaceChar(c);
        };
    }
}

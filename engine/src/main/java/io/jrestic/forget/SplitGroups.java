package io.jrestic.forget;

import io.jrestic.snapshot.GroupBy;
import io.jrestic.snapshot.GroupKey;
import io.jrestic.snapshot.SnapshotGroup;
import io.jrestic.snapshot.IdentifiedSnapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Detects a policy that removes nothing only because the host or the backed-up paths changed between backups, so
 * that every run started a new group (a guard rail restic does not have).
 *
 * <p>A {@link Finding} is reported for a component ({@code host} or {@code paths}) that the grouping uses when,
 * after dropping that component from the grouping, some merged group
 * <ol>
 *   <li>joins two or more of the original groups,</li>
 *   <li>whose snapshots follow one another in time: sorted by their oldest snapshot, each group ends no later than
 *       the next begins (one setup replaced another; two machines backing up side by side interleave instead),</li>
 *   <li>none of which loses a snapshot under the policy,</li>
 *   <li>while the policy applied to the merged group would remove at least one.</li>
 * </ol>
 */
public final class SplitGroups {
    /**
     * @param component           {@code "host"} or {@code "paths"}: what differs between the groups
     * @param keys                the original groups' keys, oldest group first
     * @param removedWhenMerged   how many snapshots the policy would remove from the merged group
     * @param merged              the grouping that merges them
     */
    public record Finding(String component, List<GroupKey> keys, int removedWhenMerged, GroupBy merged) {
        public Finding {
            keys = List.copyOf(keys);
        }
    }

    private SplitGroups() {
    }

    public static List<Finding> find(List<IdentifiedSnapshot> selected, GroupBy groupBy, RetentionPolicy policy,
                                     Instant now, RetentionRules rules, ZoneId localZone) {
        List<Finding> findings = new ArrayList<>();
        if (policy.isEmpty()) return findings;
        if (groupBy.paths()) findings.addAll(find(selected, groupBy, groupBy.withoutPaths(), "paths", policy, now, rules, localZone));
        if (groupBy.host()) findings.addAll(find(selected, groupBy, groupBy.withoutHost(), "host", policy, now, rules, localZone));
        return findings;
    }

    private static List<Finding> find(List<IdentifiedSnapshot> selected, GroupBy fine, GroupBy coarse, String component,
                                      RetentionPolicy policy, Instant now, RetentionRules rules, ZoneId zone) {
        List<Finding> findings = new ArrayList<>();
        for (SnapshotGroup merged : coarse.group(selected)) {
            List<SnapshotGroup> parts = new ArrayList<>(fine.group(merged.snapshots()));
            if (parts.size() < 2) continue;
            parts.sort(Comparator.comparing(g -> oldest(g.snapshots())));
            if (!sequential(parts)) continue;
            boolean partsRemoveNothing = parts.stream()
                    .allMatch(p -> Retention.apply(p.snapshots(), policy, now, rules, zone).remove().isEmpty());
            if (!partsRemoveNothing) continue;
            int removed = Retention.apply(merged.snapshots(), policy, now, rules, zone).remove().size();
            if (removed > 0) findings.add(new Finding(component, parts.stream().map(SnapshotGroup::key).toList(), removed, coarse));
        }
        return findings;
    }

    private static boolean sequential(List<SnapshotGroup> byOldest) {
        for (int i = 0; i + 1 < byOldest.size(); i++) {
            if (newest(byOldest.get(i).snapshots()).isAfter(oldest(byOldest.get(i + 1).snapshots()))) return false;
        }
        return true;
    }

    private static Instant oldest(List<IdentifiedSnapshot> l) {
        return l.stream().map(s -> s.snapshot().time().toInstant()).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static Instant newest(List<IdentifiedSnapshot> l) {
        return l.stream().map(s -> s.snapshot().time().toInstant()).max(Comparator.naturalOrder()).orElseThrow();
    }
}

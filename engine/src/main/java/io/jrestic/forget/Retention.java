package io.jrestic.forget;

import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Applies a {@link RetentionPolicy} to one group of snapshots (restic-format §17.2). */
public final class Retention {
    /** The reason restic gives for every snapshot when the policy has no rule. */
    public static final String EMPTY_POLICY_REASON = "policy is empty";

    private static final Comparator<IdentifiedSnapshot> NEWEST_FIRST =
            Comparator.comparing((IdentifiedSnapshot s) -> s.snapshot().time().toInstant()).reversed();

    private Retention() {
    }

    /** restic 0.14's rules, with date arithmetic in this process's time zone (as restic's). */
    public static RetentionResult apply(List<IdentifiedSnapshot> group, RetentionPolicy policy, Instant now) {
        return apply(group, policy, now, RetentionRules.RESTIC_0_14, ZoneId.systemDefault());
    }

    /**
     * Decides for each snapshot of {@code group} whether the policy keeps it.
     *
     * @param group     one group's snapshots in listing order; equal times keep that order (the sort is stable)
     * @param now       snapshots at or after this are not considered for "latest", the base of within rules
     * @param localZone the zone Go would call local: a snapshot time with its offset is read in it (see
     *                  {@link RetentionDuration#before})
     */
    public static RetentionResult apply(List<IdentifiedSnapshot> group, RetentionPolicy policy, Instant now,
                                        RetentionRules rules, ZoneId localZone) {
        List<IdentifiedSnapshot> list = new ArrayList<>(group);
        list.sort(NEWEST_FIRST);
        if (policy.isEmpty()) {
            List<KeepReason> reasons = new ArrayList<>();
            for (IdentifiedSnapshot s : list) reasons.add(new KeepReason(s, List.of(EMPTY_POLICY_REASON), counts(policy)));
            return new RetentionResult(list, List.of(), reasons);
        }
        if (list.isEmpty()) return new RetentionResult(List.of(), List.of(), List.of());

        OffsetDateTime latest = latestBefore(list, now);
        Instant withinAfter = policy.within().isZero() ? null : policy.within().before(latest, localZone);
        Map<Bucket, Instant> bucketWithinAfter = new EnumMap<>(Bucket.class);
        for (Bucket b : Bucket.CALENDAR) {
            if (!policy.within(b).isZero()) bucketWithinAfter.put(b, policy.within(b).before(latest, localZone));
        }
        Map<Bucket, Integer> remaining = counts(policy);
        Map<Bucket, Integer> lastKept = new EnumMap<>(Bucket.class);
        Map<Bucket, Integer> lastKeptWithin = new EnumMap<>(Bucket.class);
        boolean latestRules = rules == RetentionRules.RESTIC_LATEST;

        List<IdentifiedSnapshot> keep = new ArrayList<>();
        List<IdentifiedSnapshot> remove = new ArrayList<>();
        List<KeepReason> reasons = new ArrayList<>();
        for (int nr = 0; nr < list.size(); nr++) {
            IdentifiedSnapshot cur = list.get(nr);
            OffsetDateTime time = cur.snapshot().time();
            boolean oldest = latestRules && nr == list.size() - 1;
            List<String> matches = new ArrayList<>();

            for (List<String> tags : policy.keepTags()) {
                if (hasTags(cur.snapshot(), tags)) matches.add("has tags " + RetentionPolicy.goTagList(tags));
            }
            if (withinAfter != null && time.toInstant().isAfter(withinAfter)) matches.add("within " + policy.within());

            for (Bucket b : Bucket.values()) {
                int count = remaining.get(b);
                boolean active = count > 0 || (latestRules && count == RetentionPolicy.UNLIMITED);
                if (!active) continue;
                int value = b.value(time, nr);
                boolean fresh = !Integer.valueOf(value).equals(lastKept.get(b));
                if (fresh || oldest) {
                    lastKept.put(b, value);
                    if (count > 0) remaining.put(b, count - 1);
                    matches.add(fresh ? b.reason() : "oldest " + b.reason());
                }
            }

            for (Bucket b : Bucket.CALENDAR) {
                Instant after = bucketWithinAfter.get(b);
                if (after == null || !time.toInstant().isAfter(after)) continue;
                int value = b.value(time, nr);
                boolean fresh = !Integer.valueOf(value).equals(lastKeptWithin.get(b));
                if (fresh || oldest) {
                    lastKeptWithin.put(b, value);
                    String reason = b.counterName() + " within " + policy.within(b);
                    matches.add(fresh ? reason : "oldest " + reason);
                }
            }

            if (matches.isEmpty()) {
                remove.add(cur);
            } else {
                keep.add(cur);
                reasons.add(new KeepReason(cur, matches, remaining));
            }
        }
        return new RetentionResult(keep, remove, reasons);
    }

    /**
     * The newest snapshot time strictly before {@code now} (future-dated snapshots do not move the within
     * windows); the first of equal times in list order; Go's zero time if every snapshot is in the future.
     */
    static OffsetDateTime latestBefore(List<IdentifiedSnapshot> list, Instant now) {
        OffsetDateTime latest = Snapshot.ZERO_TIME;
        for (IdentifiedSnapshot s : list) {
            OffsetDateTime t = s.snapshot().time();
            if (t.toInstant().isAfter(latest.toInstant()) && t.toInstant().isBefore(now)) latest = t;
        }
        return latest;
    }

    /** restic's {@code HasTags}: every tag present; an empty tag matches a snapshot without tags. */
    static boolean hasTags(Snapshot s, List<String> tags) {
        for (String tag : tags) {
            if (tag.isEmpty() && s.tags().isEmpty()) return true;
            if (!s.hasTag(tag)) return false;
        }
        return true;
    }

    private static Map<Bucket, Integer> counts(RetentionPolicy policy) {
        Map<Bucket, Integer> m = new EnumMap<>(Bucket.class);
        for (Bucket b : Bucket.values()) m.put(b, policy.count(b));
        return m;
    }
}

package io.jrestic.forget;

import io.jrestic.snapshot.IdentifiedSnapshot;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Why a snapshot is kept.
 *
 * @param matches  the reasons in restic's order and wording, e.g. {@code has tags [a, b]}, {@code within 1m},
 *                 {@code last snapshot}, {@code daily within 7d}, {@code oldest weekly snapshot}
 * @param counters every bucket's remaining count after this snapshot (restic 0.14's JSON {@code counters})
 */
public record KeepReason(IdentifiedSnapshot snapshot, List<String> matches, Map<Bucket, Integer> counters) {
    public KeepReason {
        matches = List.copyOf(matches);
        counters = Collections.unmodifiableMap(new EnumMap<>(counters));
    }
}

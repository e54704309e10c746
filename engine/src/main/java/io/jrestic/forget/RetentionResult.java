package io.jrestic.forget;

import io.jrestic.snapshot.IdentifiedSnapshot;
import java.util.List;

/**
 * The outcome of a policy on one group; every list is newest first.
 *
 * @param reasons one per kept snapshot, in the order of {@code keep}
 */
public record RetentionResult(List<IdentifiedSnapshot> keep, List<IdentifiedSnapshot> remove, List<KeepReason> reasons) {
    public RetentionResult {
        keep = List.copyOf(keep);
        remove = List.copyOf(remove);
        reasons = List.copyOf(reasons);
    }
}

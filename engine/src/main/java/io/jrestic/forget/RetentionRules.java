package io.jrestic.forget;

/** Which restic's retention rules to follow where versions differ (restic-format §17.3, §21). */
public enum RetentionRules {
    /**
     * restic 0.14: counts other than positive ones are off (so {@code -1} keeps nothing), and the oldest snapshot of
     * a group gets no special treatment.
     */
    RESTIC_0_14,
    /**
     * latest restic (0.18+): a count of {@code -1} is unlimited, and the oldest snapshot of a group is kept by every
     * count bucket with count left and every within bucket whose window holds it, with the reason prefixed
     * {@code oldest } when only this rule keeps it.
     */
    RESTIC_LATEST
}

package io.jrestic.prune;

/**
 * The numbers restic 0.14 prints after planning a prune. Sizes count blob envelopes (what the blobs take in pack
 * files, without pack headers) plus, for unreferenced packs, their whole files.
 *
 * @param used              blobs some snapshot uses (one copy each)
 * @param duplicate         further copies of used blobs, which the prune drops
 * @param unused            blobs no snapshot uses
 * @param unreferencedBytes bytes of pack files no index mentions
 * @param repack            everything in the packs chosen for repacking
 * @param repackRemoved     the part of {@code repack} that is not copied (unused blobs and duplicates)
 * @param remove            blobs in packs deleted whole (and in missing packs dropped from the index)
 * @param uncompressedBytes bytes of packs holding uncompressed blobs (repository v2; 0 for v1)
 * @param packs             pack counts by state and by action
 */
public record PruneStatistics(Amount used, Amount duplicate, Amount unused, long unreferencedBytes, Amount repack,
                              Amount repackRemoved, Amount remove, long uncompressedBytes, Packs packs) {

    /** A number of blobs and the bytes they take. */
    public record Amount(long blobs, long bytes) {
        public static final Amount ZERO = new Amount(0, 0);

        public Amount plus(Amount other) {
            return new Amount(blobs + other.blobs, bytes + other.bytes);
        }

        public Amount minus(Amount other) {
            return new Amount(blobs - other.blobs, bytes - other.bytes);
        }
    }

    /**
     * Pack counts: {@code used}, {@code partlyUsed}, {@code unused} describe the packs found (unreferenced ones
     * aside); {@code keep}, {@code repack}, {@code remove}, {@code unreferenced} what the prune does with them.
     */
    public record Packs(long used, long partlyUsed, long unused, long unreferenced, long keep, long repack, long remove) {
    }

    /** All indexed blob copies; bytes also count unreferenced pack files. */
    public Amount total() {
        return new Amount(used.blobs + duplicate.blobs + unused.blobs,
                used.bytes + duplicate.bytes + unused.bytes + unreferencedBytes);
    }

    /** Blobs that could go: unused ones and duplicate copies. */
    public Amount unusedTotal() {
        return duplicate.plus(unused);
    }

    /** What this prune frees: removed packs, the dropped part of repacked packs, unreferenced packs. */
    public Amount totalPrune() {
        return new Amount(remove.blobs + repackRemoved.blobs, remove.bytes + repackRemoved.bytes + unreferencedBytes);
    }

    /** What is left afterwards. */
    public Amount remaining() {
        return total().minus(totalPrune());
    }

    /** Unused bytes that stay after the prune. */
    public long unusedBytesAfter() {
        return unusedTotal().bytes - remove.bytes - repackRemoved.bytes;
    }

    /** "to delete" in restic's output: blobs of removed packs, bytes of removed and unreferenced packs. */
    public Amount delete() {
        return new Amount(remove.blobs, remove.bytes + unreferencedBytes);
    }
}

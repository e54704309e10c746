package io.jrestic.index;

import io.jrestic.id.Id;
import io.jrestic.pack.PackBlob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects packs written during an operation into index files of at most {@link #maxBlobs()} blobs
 * (restic-format §9.2). A pack is never split: a file holds more only when a single pack does. The caller saves
 * each returned {@link IndexFile} after the packs in it are stored (§15), and asks {@link #flush()} for the rest
 * at the end, or earlier when {@link #isOlderThan} says the pending index has waited long enough.
 *
 * <p>Thread-safe, since packs finish uploading on several threads.
 */
public final class IndexBuilder {
    /** restic's "full index" threshold (§9.2). */
    public static final int DEFAULT_MAX_BLOBS = 50_000;
    /** restic also saves a pending index once it is this old (§9.2). */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    private final int maxBlobs;
    private final List<IndexPack> pending = new ArrayList<>();
    private int pendingBlobs;
    private Instant pendingSince;

    public IndexBuilder() {
        this(DEFAULT_MAX_BLOBS);
    }

    public IndexBuilder(int maxBlobs) {
        if (maxBlobs < 1) throw new IllegalArgumentException("an index file must allow at least one blob");
        this.maxBlobs = maxBlobs;
    }

    public int maxBlobs() {
        return maxBlobs;
    }

    /**
     * Adds a stored pack and returns the index files it completed, usually none: when the pack does not fit
     * beside those pending, they become a file; when the pending packs reach the limit, they become a file.
     */
    public synchronized List<IndexFile> add(Id packId, List<PackBlob> blobs) {
        return add(packId, blobs, Instant.now());
    }

    /** {@link #add(Id, List)} with an explicit clock reading, for tests. */
    public synchronized List<IndexFile> add(Id packId, List<PackBlob> blobs, Instant now) {
        List<IndexFile> full = new ArrayList<>(0);
        if (!pending.isEmpty() && pendingBlobs + blobs.size() > maxBlobs) flush().ifPresent(full::add);
        if (pending.isEmpty()) pendingSince = now;
        pending.add(new IndexPack(packId, blobs));
        pendingBlobs += blobs.size();
        if (pendingBlobs >= maxBlobs) flush().ifPresent(full::add);
        return full;
    }

    /** True if packs are pending and the oldest was added at least {@code maxAge} before {@code now}. */
    public synchronized boolean isOlderThan(Duration maxAge, Instant now) {
        return !pending.isEmpty() && !pendingSince.plus(maxAge).isAfter(now);
    }

    /** Blobs waiting for an index file. */
    public synchronized int pendingBlobs() {
        return pendingBlobs;
    }

    /** The pending packs as one index file, or empty if there are none. */
    public synchronized Optional<IndexFile> flush() {
        if (pending.isEmpty()) return Optional.empty();
        IndexFile file = IndexFile.of(pending);
        pending.clear();
        pendingBlobs = 0;
        pendingSince = null;
        return Optional.of(file);
    }

    /**
     * Splits {@code packs} into index files of at most {@code maxBlobs} blobs each, keeping the order and never
     * splitting a pack; for commands that rewrite the whole index (prune, repair index).
     */
    public static List<IndexFile> group(List<IndexPack> packs, int maxBlobs) {
        IndexBuilder builder = new IndexBuilder(maxBlobs);
        List<IndexFile> files = new ArrayList<>();
        Instant epoch = Instant.EPOCH;
        for (IndexPack p : packs) files.addAll(builder.add(p.packId(), p.blobs(), epoch));
        builder.flush().ifPresent(files::add);
        return files;
    }
}

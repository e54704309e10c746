package io.jrestic.rewrite;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.snapshot.SnapshotSummary;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Replaces a snapshot by one with a rewritten tree, as restic's {@code rewrite} and {@code repair snapshots} do:
 * the new trees are flushed (packed and indexed) first, then the new snapshot is saved with {@code original}
 * naming the old one and, unless the old one is forgotten, a tag marking it ({@code rewrite}, {@code repaired});
 * with {@code forget} the old snapshot file is removed last. A snapshot whose root is dropped is removed.
 * Messages are restic's, one line each.
 */
public final class SnapshotReplacer {
    private final Repository repo;
    private final boolean dryRun;
    private final boolean forget;
    private final String tag;
    private final Consumer<String> messages;

    /** What happened to one snapshot. {@code newSnapshot} is set when a new snapshot file was saved. */
    public record Result(Outcome outcome, Id newSnapshot) {
        public boolean changed() {
            return outcome != Outcome.UNCHANGED;
        }
    }

    public enum Outcome {
        /** The tree did not change: nothing written. */
        UNCHANGED,
        /** A new snapshot was saved (or would be, in a dry run). */
        REPLACED,
        /** The root tree was dropped, so the snapshot was removed (or would be). */
        REMOVED
    }

    /** A rewritten snapshot's tree (null: drop the snapshot) and summary (null: keep the old one). */
    public record Rewritten(Id tree, SnapshotSummary summary) {
    }

    /** Produces the new tree of a snapshot, saving new trees into the sink. */
    @FunctionalInterface
    public interface TreeFunction {
        Rewritten rewrite(Snapshot snapshot, TreeSink sink) throws IOException;
    }

    /**
     * @param tag added to new snapshots unless {@code forget} (restic: "rewrite" or "repaired")
     */
    public SnapshotReplacer(Repository repo, boolean dryRun, boolean forget, String tag, Consumer<String> messages) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.dryRun = dryRun;
        this.forget = forget;
        this.tag = Objects.requireNonNull(tag, "tag");
        this.messages = Objects.requireNonNull(messages, "messages");
    }

    public Result replace(IdentifiedSnapshot old, TreeFunction function) throws IOException {
        Snapshot s = old.snapshot();
        if (s.tree() == null) throw new RewriteException("snapshot " + old.id().toShortString() + " has no tree");
        Rewritten rewritten;
        if (dryRun) {
            rewritten = function.rewrite(s, TreeSink.DRY_RUN);
        } else {
            try (BlobSaver saver = repo.newBlobSaver()) {
                rewritten = function.rewrite(s, TreeSink.of(saver));
                saver.flush(); // trees durable and indexed before a snapshot refers to them (§15)
            }
        }
        if (rewritten.tree() == null) {
            if (dryRun) {
                messages.accept("would delete empty snapshot");
            } else {
                repo.backend().remove(FileHandle.of(FileType.SNAPSHOT, old.id()));
                messages.accept("removed empty snapshot " + old.id().toShortString());
            }
            return new Result(Outcome.REMOVED, null);
        }
        boolean sameSummary = rewritten.summary() == null || rewritten.summary().equals(s.summary());
        if (rewritten.tree().equals(s.tree()) && sameSummary) return new Result(Outcome.UNCHANGED, null);
        if (dryRun) {
            messages.accept("would save new snapshot");
            if (forget) messages.accept("would remove old snapshot");
            return new Result(Outcome.REPLACED, null);
        }
        Snapshot.Builder b = s.toBuilder().tree(rewritten.tree()).original(old.id());
        if (rewritten.summary() != null) b.summary(rewritten.summary());
        Snapshot fresh = b.build();
        if (!forget) fresh = fresh.addTags(List.of(tag));
        Id id = repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(fresh));
        messages.accept("saved new snapshot " + id.toShortString());
        if (forget) {
            repo.backend().remove(FileHandle.of(FileType.SNAPSHOT, old.id()));
            messages.accept("removed old snapshot " + old.id().toShortString());
        }
        return new Result(Outcome.REPLACED, id);
    }
}

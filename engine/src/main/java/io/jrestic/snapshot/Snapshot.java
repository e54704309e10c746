package io.jrestic.snapshot;

import io.jrestic.id.Id;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One snapshot file's content (restic-format §11.1), fields in restic's order. The snapshot's own ID is the name
 * of its file and not part of this record (see {@link IdentifiedSnapshot}).
 *
 * <p>Conventions: {@code parent}, {@code original} and {@code summary} are {@code null} when absent; {@code tree}
 * is {@code null} only for a damaged file read back; absent strings are {@code ""} and absent lists empty (lists are
 * immutable; their order is kept as stored). {@code uid}/{@code gid} are unsigned 32-bit values in a {@code long}.
 */
public record Snapshot(
        OffsetDateTime time,
        Id parent,
        Id tree,
        List<String> paths,
        String hostname,
        String username,
        long uid,
        long gid,
        List<String> excludes,
        List<String> tags,
        Id original,
        String programVersion,
        SnapshotSummary summary) {

    /** Go's zero {@code time.Time}, what a snapshot without a {@code time} reads as. */
    public static final OffsetDateTime ZERO_TIME = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final long MAX_UINT32 = 0xffff_ffffL;

    public Snapshot {
        Objects.requireNonNull(time, "time");
        paths = paths == null ? List.of() : List.copyOf(paths);
        hostname = hostname == null ? "" : hostname;
        username = username == null ? "" : username;
        if (uid < 0 || uid > MAX_UINT32) throw new IllegalArgumentException("snapshot uid outside uint32: " + uid);
        if (gid < 0 || gid > MAX_UINT32) throw new IllegalArgumentException("snapshot gid outside uint32: " + gid);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        tags = tags == null ? List.of() : List.copyOf(tags);
        programVersion = programVersion == null ? "" : programVersion;
    }

    /** A builder for a new snapshot of {@code paths} whose root tree is {@code tree}, taken at {@code time}. */
    public static Builder builder(OffsetDateTime time, Id tree, List<String> paths) {
        return new Builder(time, tree, paths);
    }

    public Builder toBuilder() {
        return new Builder(time, tree, paths).parent(parent).hostname(hostname).username(username).uid(uid).gid(gid)
                .excludes(excludes).tags(tags).original(original).programVersion(programVersion).summary(summary);
    }

    public Snapshot withTags(List<String> newTags) {
        return toBuilder().tags(newTags).build();
    }

    /** The tags with each of {@code add} appended unless already present (restic's {@code tag --add}). */
    public Snapshot addTags(List<String> add) {
        List<String> result = new ArrayList<>(tags);
        for (String tag : add) {
            if (!result.contains(tag)) result.add(tag);
        }
        return withTags(result);
    }

    /**
     * The tags without {@code remove}; as in restic, a removed tag's slot is filled by the last tag, so the order
     * changes the way restic changes it.
     */
    public Snapshot removeTags(List<String> remove) {
        List<String> result = new ArrayList<>(tags);
        for (String tag : remove) {
            int i = result.indexOf(tag);
            if (i >= 0) {
                result.set(i, result.getLast());
                result.removeLast();
            }
        }
        return withTags(result);
    }

    /** This snapshot as rewritten from the file {@code oldId}: {@code original} keeps the first version's ID. */
    public Snapshot rewrittenFrom(Id oldId) {
        return original != null ? this : toBuilder().original(oldId).build();
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** Builds a {@link Snapshot}; unset fields are absent. */
    public static final class Builder {
        private final OffsetDateTime time;
        private Id tree;
        private final List<String> paths;
        private Id parent;
        private String hostname = "";
        private String username = "";
        private long uid;
        private long gid;
        private List<String> excludes = List.of();
        private List<String> tags = List.of();
        private Id original;
        private String programVersion = "";
        private SnapshotSummary summary;

        private Builder(OffsetDateTime time, Id tree, List<String> paths) {
            this.time = time;
            this.tree = tree;
            this.paths = paths;
        }

        public Builder tree(Id tree) {
            this.tree = tree;
            return this;
        }

        public Builder parent(Id parent) {
            this.parent = parent;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder uid(long uid) {
            this.uid = uid;
            return this;
        }

        public Builder gid(long gid) {
            this.gid = gid;
            return this;
        }

        public Builder excludes(List<String> excludes) {
            this.excludes = excludes;
            return this;
        }

        public Builder tags(List<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder original(Id original) {
            this.original = original;
            return this;
        }

        public Builder programVersion(String programVersion) {
            this.programVersion = programVersion;
            return this;
        }

        public Builder summary(SnapshotSummary summary) {
            this.summary = summary;
            return this;
        }

        public Snapshot build() {
            return new Snapshot(time, parent, tree, paths, hostname, username, uid, gid, excludes, tags, original,
                    programVersion, summary);
        }
    }
}

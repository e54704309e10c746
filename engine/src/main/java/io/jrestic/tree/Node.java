package io.jrestic.tree;

import io.jrestic.id.Id;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One directory entry of a tree, with every field restic stores (restic-format §10.2), in restic's order.
 *
 * <p>Conventions: {@code name} and {@code linkTarget} are raw bytes (never mutated after construction; equality
 * compares their contents). Absent strings are {@code ""}, absent numbers 0, an absent link target is an empty
 * array, absent attribute collections are empty. {@code mode} is a Go {@code os.FileMode} held in an {@code int}
 * (unsigned 32 bits; see {@link FileMode}); {@code uid}/{@code gid} are unsigned 32-bit values in a {@code long};
 * {@code inode}, {@code deviceId}, {@code size}, {@code links} and {@code device} are unsigned 64-bit values in a
 * {@code long}. {@code content} is {@code null} for non-files and an empty list for an empty file; {@code subtree}
 * is {@code null} unless the node is a directory. {@code genericAttributes} maps each key to its raw JSON value
 * text, sorted as Go sorts map keys (by UTF-8 bytes).
 */
public record Node(
        byte[] name,
        NodeType type,
        int mode,
        OffsetDateTime mtime,
        OffsetDateTime atime,
        OffsetDateTime ctime,
        long uid,
        long gid,
        String user,
        String group,
        long inode,
        long deviceId,
        long size,
        long links,
        byte[] linkTarget,
        List<ExtendedAttribute> extendedAttributes,
        SortedMap<String, String> genericAttributes,
        long device,
        List<Id> content,
        Id subtree,
        String error) {

    /** Go's zero {@code time.Time}, which restic writes for a time that was never set. */
    public static final OffsetDateTime ZERO_TIME = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /** Unsigned byte order of raw names: the order of nodes in a tree (Go string comparison). */
    public static final Comparator<Node> NAME_ORDER = (a, b) -> Arrays.compareUnsigned(a.name, b.name);
    /** Go's order of map keys: by UTF-8 bytes, which is code point order (not UTF-16 order). */
    static final Comparator<String> GO_STRING_ORDER = Node::compareCodePoints;

    private static final byte[] NO_BYTES = new byte[0];
    private static final long MAX_UINT32 = 0xffff_ffffL;

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(atime, "atime");
        Objects.requireNonNull(ctime, "ctime");
        if (uid < 0 || uid > MAX_UINT32) throw new IllegalArgumentException("uid outside uint32: " + uid);
        if (gid < 0 || gid > MAX_UINT32) throw new IllegalArgumentException("gid outside uint32: " + gid);
        user = user == null ? "" : user;
        group = group == null ? "" : group;
        linkTarget = linkTarget == null ? NO_BYTES : linkTarget;
        extendedAttributes = extendedAttributes == null ? List.of() : List.copyOf(extendedAttributes);
        genericAttributes = sortedCopy(genericAttributes);
        content = content == null ? null : List.copyOf(content);
        error = error == null ? "" : error;
    }

    public static Builder builder(byte[] name, NodeType type) {
        return new Builder(name, type);
    }

    /** A builder holding this node's fields, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.mode = mode;
        b.mtime = mtime;
        b.atime = atime;
        b.ctime = ctime;
        b.uid = uid;
        b.gid = gid;
        b.user = user;
        b.group = group;
        b.inode = inode;
        b.deviceId = deviceId;
        b.size = size;
        b.links = links;
        b.linkTarget = linkTarget;
        b.extendedAttributes = extendedAttributes;
        b.genericAttributes = genericAttributes;
        b.device = device;
        b.content = content;
        b.contentSet = true;
        b.subtree = subtree;
        b.error = error;
        return b;
    }

    public Node withName(byte[] newName) {
        return toBuilder().name(newName).build();
    }

    public Node withSubtree(Id newSubtree) {
        return toBuilder().subtree(newSubtree).build();
    }

    /** This node with the file's content blobs and the size they add up to. */
    public Node withContent(List<Id> newContent, long newSize) {
        return toBuilder().content(newContent).size(newSize).build();
    }

    /** The name for display: UTF-8, invalid bytes replaced (lossy; use {@link #name()} for anything else). */
    public String nameAsString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    /** The link target for display (lossy, like {@link #nameAsString()}). */
    public String linkTargetAsString() {
        return new String(linkTarget, StandardCharsets.UTF_8);
    }

    /** True if the raw names are equal. */
    public boolean hasName(byte[] other) {
        return Arrays.equals(name, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node n
                && Arrays.equals(name, n.name) && type == n.type && mode == n.mode
                && mtime.equals(n.mtime) && atime.equals(n.atime) && ctime.equals(n.ctime)
                && uid == n.uid && gid == n.gid && user.equals(n.user) && group.equals(n.group)
                && inode == n.inode && deviceId == n.deviceId && size == n.size && links == n.links
                && Arrays.equals(linkTarget, n.linkTarget) && extendedAttributes.equals(n.extendedAttributes)
                && genericAttributes.equals(n.genericAttributes) && device == n.device
                && Objects.equals(content, n.content) && Objects.equals(subtree, n.subtree) && error.equals(n.error);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(name);
        h = 31 * h + type.hashCode();
        h = 31 * h + mode;
        h = 31 * h + mtime.hashCode();
        h = 31 * h + Long.hashCode(inode);
        h = 31 * h + Long.hashCode(size);
        h = 31 * h + Objects.hashCode(content);
        h = 31 * h + Objects.hashCode(subtree);
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Node[\"").append(GoQuote.quote(name)).append("\" ").append(type)
                .append(" mode=").append(Integer.toUnsignedString(mode)).append(" mtime=").append(mtime);
        if (size != 0) sb.append(" size=").append(Long.toUnsignedString(size));
        if (linkTarget.length > 0) sb.append(" linktarget=\"").append(GoQuote.quote(linkTarget)).append('"');
        if (content != null) sb.append(" content=").append(content.size()).append(" blobs");
        if (subtree != null) sb.append(" subtree=").append(subtree.toShortString());
        return sb.append(']').toString();
    }

    private static SortedMap<String, String> sortedCopy(Map<String, String> attributes) {
        TreeMap<String, String> copy = new TreeMap<>(GO_STRING_ORDER);
        if (attributes != null) {
            attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "generic attribute key"),
                    Objects.requireNonNull(v, "generic attribute value")));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Builds a {@link Node}. Times default to {@link #ZERO_TIME}; a {@code file} node's content defaults to the
     * empty list (restic's form for an empty file), any other node's to {@code null}.
     */
    public static final class Builder {
        private byte[] name;
        private NodeType type;
        private int mode;
        private OffsetDateTime mtime = ZERO_TIME;
        private OffsetDateTime atime = ZERO_TIME;
        private OffsetDateTime ctime = ZERO_TIME;
        private long uid;
        private long gid;
        private String user = "";
        private String group = "";
        private long inode;
        private long deviceId;
        private long size;
        private long links;
        private byte[] linkTarget = NO_BYTES;
        private List<ExtendedAttribute> extendedAttributes = List.of();
        private Map<String, String> genericAttributes = Map.of();
        private long device;
        private List<Id> content;
        private boolean contentSet;
        private Id subtree;
        private String error = "";

        private Builder(byte[] name, NodeType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder name(byte[] name) {
            this.name = name;
            return this;
        }

        public Builder type(NodeType type) {
            this.type = type;
            return this;
        }

        /** The Go {@code os.FileMode} (see {@link FileMode#fromPosix(int)} and {@link FileMode#of}). */
        public Builder mode(int goMode) {
            this.mode = goMode;
            return this;
        }

        public Builder mtime(OffsetDateTime mtime) {
            this.mtime = mtime;
            return this;
        }

        public Builder atime(OffsetDateTime atime) {
            this.atime = atime;
            return this;
        }

        public Builder ctime(OffsetDateTime ctime) {
            this.ctime = ctime;
            return this;
        }

        /** Sets all three times. */
        public Builder times(OffsetDateTime mtime, OffsetDateTime atime, OffsetDateTime ctime) {
            return mtime(mtime).atime(atime).ctime(ctime);
        }

        public Builder uid(long uid) {
            this.uid = uid;
            return this;
        }

        public Builder gid(long gid) {
            this.gid = gid;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder inode(long inode) {
            this.inode = inode;
            return this;
        }

        public Builder deviceId(long deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder links(long links) {
            this.links = links;
            return this;
        }

        public Builder linkTarget(byte[] linkTarget) {
            this.linkTarget = linkTarget;
            return this;
        }

        public Builder extendedAttributes(List<ExtendedAttribute> extendedAttributes) {
            this.extendedAttributes = extendedAttributes;
            return this;
        }

        /** Keys to raw JSON value texts. */
        public Builder genericAttributes(Map<String, String> genericAttributes) {
            this.genericAttributes = genericAttributes;
            return this;
        }

        public Builder device(long device) {
            this.device = device;
            return this;
        }

        /** The data blob IDs in file order; {@code null} for a node without content. */
        public Builder content(List<Id> content) {
            this.content = content;
            this.contentSet = true;
            return this;
        }

        public Builder subtree(Id subtree) {
            this.subtree = subtree;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Node build() {
            List<Id> c = contentSet ? content : type == NodeType.FILE ? List.of() : null;
            return new Node(name, type, mode, mtime, atime, ctime, uid, gid, user, group, inode, deviceId, size,
                    links, linkTarget, extendedAttributes,
                    genericAttributes == null ? null : new TreeMap<>(genericAttributes), device, c, subtree,
                    error);
        }
    }
}

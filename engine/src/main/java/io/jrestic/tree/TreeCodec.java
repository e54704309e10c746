package io.jrestic.tree;

import static io.jrestic.json.JsonValues.base64;
import static io.jrestic.json.JsonValues.orEmpty;

import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.json.GoUtf8;
import io.jrestic.json.JsonReader;
import io.jrestic.json.JsonValues;
import io.jrestic.json.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tree blobs as JSON (restic-format §10): writing is byte-exact to restic, because a tree's ID is the SHA-256 of
 * its bytes; reading is tolerant of key order, key case and unknown keys, as restic is, but rejects names that
 * are not valid Go-quoted text and nodes that are not sorted (see {@link Tree}).
 *
 * <p>Two writing dialects: {@link #RESTIC_0_14} (the default; symlink targets only as the lossy
 * {@code linktarget} string, {@code \u0008}/{@code \u000c} escapes of Go 1.19) and {@link #LATEST}
 * (additionally {@code linktarget_raw} for targets that are not valid UTF-8, {@code \b}/{@code \f} escapes).
 * Instances are immutable and thread-safe.
 */
public final class TreeCodec {
    /** Writes trees byte-identical to restic 0.14 (Debian's build, Go 1.19). */
    public static final TreeCodec RESTIC_0_14 = new TreeCodec(false, false);
    /** Writes trees byte-identical to restic 0.16+ built with Go 1.22+. */
    public static final TreeCodec LATEST = new TreeCodec(true, true);

    private static final byte[] NEWLINE = {'\n'};
    private static final long MAX_UINT32 = 0xffff_ffffL;
    /** Rough JSON size of a node, to size the output buffer once. */
    private static final int BYTES_PER_NODE = 400;

    private final boolean writeLinkTargetRaw;
    private final boolean goModernEscapes;

    /**
     * @param writeLinkTargetRaw also write {@code linktarget_raw} (Base64 of the raw target) when the target is
     *                           not valid UTF-8, as restic 0.16+ does
     * @param goModernEscapes    escape U+0008/U+000C as {@code \b}/{@code \f} (Go 1.22+) instead of Go 1.19's form
     */
    public TreeCodec(boolean writeLinkTargetRaw, boolean goModernEscapes) {
        this.writeLinkTargetRaw = writeLinkTargetRaw;
        this.goModernEscapes = goModernEscapes;
    }

    /** The tree blob bytes: {@code {"nodes":[…]}} and a line feed. */
    public byte[] encode(Tree tree) {
        JsonWriter w = new JsonWriter(64 + BYTES_PER_NODE * tree.size());
        if (goModernEscapes) w.goModernEscapes();
        w.beginObject().name("nodes").beginArray();
        for (Node node : tree.nodes()) writeNode(w, node);
        return w.endArray().endObject().rawBytes(NEWLINE).toByteArray();
    }

    // Member names of a node, in restic's order, encoded once.
    private static final JsonWriter.Key K_NAME = JsonWriter.key("name");
    private static final JsonWriter.Key K_TYPE = JsonWriter.key("type");
    private static final JsonWriter.Key K_MODE = JsonWriter.key("mode");
    private static final JsonWriter.Key[] TIME_KEYS = {JsonWriter.key("mtime"), JsonWriter.key("atime"), JsonWriter.key("ctime")};
    private static final JsonWriter.Key K_UID = JsonWriter.key("uid");
    private static final JsonWriter.Key K_GID = JsonWriter.key("gid");
    private static final JsonWriter.Key K_USER = JsonWriter.key("user");
    private static final JsonWriter.Key K_GROUP = JsonWriter.key("group");
    private static final JsonWriter.Key K_INODE = JsonWriter.key("inode");
    private static final JsonWriter.Key K_DEVICE_ID = JsonWriter.key("device_id");
    private static final JsonWriter.Key K_SIZE = JsonWriter.key("size");
    private static final JsonWriter.Key K_LINKS = JsonWriter.key("links");
    private static final JsonWriter.Key K_LINKTARGET = JsonWriter.key("linktarget");
    private static final JsonWriter.Key K_LINKTARGET_RAW = JsonWriter.key("linktarget_raw");
    private static final JsonWriter.Key K_EXTENDED_ATTRIBUTES = JsonWriter.key("extended_attributes");
    private static final JsonWriter.Key K_GENERIC_ATTRIBUTES = JsonWriter.key("generic_attributes");
    private static final JsonWriter.Key K_DEVICE = JsonWriter.key("device");
    private static final JsonWriter.Key K_CONTENT = JsonWriter.key("content");
    private static final JsonWriter.Key K_SUBTREE = JsonWriter.key("subtree");
    private static final JsonWriter.Key K_ERROR = JsonWriter.key("error");
    private static final JsonWriter.Key K_XATTR_NAME = JsonWriter.key("name");
    private static final JsonWriter.Key K_XATTR_VALUE = JsonWriter.key("value");

    /** Writes one node object with restic's key order and omission rules (§10.2). */
    public void writeNode(JsonWriter w, Node n) {
        w.beginObject();
        w.name(K_NAME).value(GoQuote.quote(n.name()));
        w.name(K_TYPE).value(n.type().jsonName());
        if (n.mode() != 0) w.name(K_MODE).value(Integer.toUnsignedLong(n.mode()));
        writeTimes(w, n);
        w.name(K_UID).value(n.uid());
        w.name(K_GID).value(n.gid());
        if (!n.user().isEmpty()) w.name(K_USER).value(n.user());
        if (!n.group().isEmpty()) w.name(K_GROUP).value(n.group());
        if (n.inode() != 0) w.name(K_INODE).valueUnsigned(n.inode());
        if (n.deviceId() != 0) w.name(K_DEVICE_ID).valueUnsigned(n.deviceId());
        if (n.size() != 0) w.name(K_SIZE).valueUnsigned(n.size());
        if (n.links() != 0) w.name(K_LINKS).valueUnsigned(n.links());
        if (n.linkTarget().length > 0) {
            w.name(K_LINKTARGET).valueUtf8Bytes(n.linkTarget());
            if (writeLinkTargetRaw && !GoUtf8.isValid(n.linkTarget())) {
                w.name(K_LINKTARGET_RAW).base64(n.linkTarget());
            }
        }
        if (!n.extendedAttributes().isEmpty()) {
            w.name(K_EXTENDED_ATTRIBUTES).beginArray();
            for (ExtendedAttribute xattr : n.extendedAttributes()) {
                w.beginObject().name(K_XATTR_NAME).value(xattr.name()).name(K_XATTR_VALUE);
                if (xattr.value() == null) w.nullValue();
                else w.base64(xattr.value());
                w.endObject();
            }
            w.endArray();
        }
        if (!n.genericAttributes().isEmpty()) {
            w.name(K_GENERIC_ATTRIBUTES).beginObject();
            for (Map.Entry<String, String> e : n.genericAttributes().entrySet()) {
                w.name(e.getKey()).rawValue(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
            w.endObject();
        }
        if (n.device() != 0) w.name(K_DEVICE).valueUnsigned(n.device());
        w.name(K_CONTENT);
        if (n.content() == null) {
            w.nullValue();
        } else {
            w.beginArray();
            for (Id id : n.content()) w.value(id.toString());
            w.endArray();
        }
        if (n.subtree() != null) w.name(K_SUBTREE).value(n.subtree().toString());
        if (!n.error().isEmpty()) w.name(K_ERROR).value(n.error());
        w.endObject();
    }

    /** The three times from one call site, so the JIT compiles the formatter into this once, not three times. */
    private static void writeTimes(JsonWriter w, Node n) {
        for (int i = 0; i < TIME_KEYS.length; i++) {
            OffsetDateTime t = i == 0 ? n.mtime() : i == 1 ? n.atime() : n.ctime();
            w.name(TIME_KEYS[i]).value(GoTime.format(t));
        }
    }

    /**
     * Reads a tree blob.
     *
     * @throws IllegalArgumentException if the bytes are not a tree restic would accept, or its nodes are unsorted
     */
    public static Tree decode(byte[] json) {
        try {
            JsonReader r = new JsonReader(json);
            if (r.peek() != JsonReader.Kind.OBJECT) throw new IllegalArgumentException("not a JSON object");
            r.beginObject("tree");
            List<Node> nodes = List.of();
            while (r.nextName()) {
                if (r.nameIs(NODES)) nodes = readNodes(r);
                else r.skipValue();
            }
            r.end();
            return new Tree(nodes);
        } catch (JsonReader.SyntaxException e) {
            throw new IllegalArgumentException("invalid tree JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid tree: " + e.getMessage(), e);
        }
    }

    private static final byte[] NODES = JsonReader.fieldName("nodes");
    private static final byte[] XATTR_NAME = JsonReader.fieldName("name");
    private static final byte[] XATTR_VALUE = JsonReader.fieldName("value");

    private static List<Node> readNodes(JsonReader r) {
        if (r.nextIsNull()) return List.of();
        r.beginArray("nodes");
        List<Node> nodes = new ArrayList<>();
        while (r.nextElement()) {
            try {
                nodes.add(readNode(r));
            } catch (JsonReader.SyntaxException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + nodes.size() + ": " + e.getMessage(), e);
            }
        }
        return nodes;
    }

    /**
     * The keys of a node object by the kind of their value. Reading dispatches on the kind, so each value reader
     * has one call site in {@link #readNode}: with a case per key, the JIT inlined the string, time and number
     * readers at every case and spent a large part of an incremental backup compiling this one method.
     */
    private enum NodeKey {
        NAME(Kind.TEXT), TYPE(Kind.TEXT), MODE(Kind.UINT32), MTIME(Kind.TEXT), ATIME(Kind.TEXT),
        CTIME(Kind.TEXT), UID(Kind.UINT32), GID(Kind.UINT32), USER(Kind.TEXT), GROUP(Kind.TEXT),
        INODE(Kind.UINT64), DEVICE_ID(Kind.UINT64), SIZE(Kind.UINT64), LINKS(Kind.UINT64),
        LINKTARGET(Kind.TEXT), LINKTARGET_RAW(Kind.TEXT), EXTENDED_ATTRIBUTES(Kind.STRUCTURED),
        GENERIC_ATTRIBUTES(Kind.STRUCTURED), DEVICE(Kind.UINT64), CONTENT(Kind.STRUCTURED),
        SUBTREE(Kind.ID), ERROR(Kind.TEXT);

        /** Go's field types: unsigned integers with their largest value, strings, IDs (hex, as written), and the rest. */
        enum Kind {
            UINT32(MAX_UINT32), UINT64(-1), TEXT(0), ID(0), STRUCTURED(0);

            final long max;

            Kind(long max) {
                this.max = max;
            }
        }

        /** In restic's write order, which is also the usual read order; {@code values()} copies on every call. */
        private static final NodeKey[] ALL = values();
        static final int COUNT = ALL.length;

        final Kind kind;
        final String key = name().toLowerCase(Locale.ROOT);
        final byte[] bytes = JsonReader.fieldName(key);

        NodeKey(Kind kind) {
            this.kind = kind;
        }

        /**
         * The key of the reader's current member name, matched case-insensitively as Go does; null for a key
         * restic does not know. Starts after {@code previous}: members usually come in restic's order.
         */
        static NodeKey of(JsonReader r, NodeKey previous) {
            int first = previous == null ? 0 : previous.ordinal() + 1;
            for (int i = 0; i < COUNT; i++) {
                NodeKey k = ALL[(first + i) % COUNT];
                if (r.nameIs(k.bytes)) return k;
            }
            return null;
        }
    }

    /** A node's values as read so far; absent keys keep restic's zero values. */
    private static final class NodeValues {
        final long[] numbers = new long[NodeKey.COUNT];
        final OffsetDateTime[] times = {Node.ZERO_TIME, Node.ZERO_TIME, Node.ZERO_TIME};
        String user = "";
        String group = "";
        String error = "";
        byte[] name = new byte[0];
        NodeType type;
        byte[] linkTarget;
        byte[] linkTargetRaw;
        List<ExtendedAttribute> xattrs = List.of();
        Map<String, String> generic = Map.of();
        List<Id> content;
        Id subtree;

        long number(NodeKey key) {
            return numbers[key.ordinal()];
        }

        /** Sets the value of a {@link NodeKey.Kind#TEXT} key; null (JSON null) leaves it as it was, as in Go. */
        void setText(NodeKey key, String text) {
            if (text == null) return;
            switch (key) {
                case NAME -> name = GoQuote.unquote(text);
                case TYPE -> type = NodeType.fromJsonName(text);
                case MTIME, ATIME, CTIME -> times[key.ordinal() - NodeKey.MTIME.ordinal()] = GoTime.parse(text);
                case USER -> user = text;
                case GROUP -> group = text;
                case ERROR -> error = text;
                case LINKTARGET -> linkTarget = text.getBytes(StandardCharsets.UTF_8);
                case LINKTARGET_RAW -> linkTargetRaw = base64(text, key.key);
                default -> throw new IllegalStateException("not a text key: " + key);
            }
        }

        Node toNode() {
            if (type == null) throw new IllegalArgumentException("node \"" + GoQuote.quote(name) + "\" has no type");
            return new Node(name, type, (int) number(NodeKey.MODE), times[0], times[1], times[2], number(NodeKey.UID),
                    number(NodeKey.GID), user, group, number(NodeKey.INODE), number(NodeKey.DEVICE_ID),
                    number(NodeKey.SIZE), number(NodeKey.LINKS), linkTargetRaw != null ? linkTargetRaw : linkTarget,
                    xattrs, new TreeMap<>(generic), number(NodeKey.DEVICE), content, subtree, error);
        }
    }

    private static Node readNode(JsonReader r) {
        r.beginObject("node");
        NodeValues v = new NodeValues();
        NodeKey previous = null;
        while (r.nextName()) {
            NodeKey key = NodeKey.of(r, previous);
            if (key == null) {
                r.skipValue();
                continue;
            }
            previous = key;
            switch (key.kind) {
                case UINT32, UINT64 -> v.numbers[key.ordinal()] = r.readUnsigned(key.key, key.kind.max, v.numbers[key.ordinal()]);
                case TEXT -> v.setText(key, r.readString(key.key));
                case ID -> v.subtree = r.nextIsNull() ? null : JsonValues.id(r, key.key); // the only ID key, a *ID in Go
                case STRUCTURED -> readStructured(r, key, v);
            }
        }
        return v.toNode();
    }

    /** The values that are arrays or objects. */
    private static void readStructured(JsonReader r, NodeKey key, NodeValues v) {
        switch (key) {
            case EXTENDED_ATTRIBUTES -> v.xattrs = readXattrs(r);
            case GENERIC_ATTRIBUTES -> v.generic = readRawObject(r, key.key);
            case CONTENT -> v.content = readIds(r, key.key);
            default -> throw new IllegalStateException("not a structured key: " + key);
        }
    }

    private static List<ExtendedAttribute> readXattrs(JsonReader r) {
        if (r.nextIsNull()) return List.of();
        r.beginArray("extended_attributes");
        List<ExtendedAttribute> list = new ArrayList<>();
        while (r.nextElement()) {
            r.beginObject("extended_attributes");
            String name = "";
            byte[] value = null;
            while (r.nextName()) {
                if (r.nameIs(XATTR_NAME)) name = orEmpty(r.readString("extended_attributes.name"));
                else if (r.nameIs(XATTR_VALUE)) value = base64(r.readString("extended_attributes.value"), "extended_attributes.value");
                else r.skipValue();
            }
            list.add(new ExtendedAttribute(name, value));
        }
        return list;
    }

    /**
     * Each member's value as its JSON text (Go's {@code json.RawMessage}), compacted as Go's encoder does when it
     * writes a raw message again.
     */
    private static Map<String, String> readRawObject(JsonReader r, String field) {
        if (r.nextIsNull()) return Map.of();
        r.beginObject(field);
        Map<String, String> map = new TreeMap<>();
        while (r.nextName()) {
            String key = r.name();
            map.put(key, RawJson.compact(r.readRaw()));
        }
        return map;
    }

    private static List<Id> readIds(JsonReader r, String field) {
        if (r.nextIsNull()) return null;
        r.beginArray(field);
        List<Id> ids = new ArrayList<>();
        while (r.nextElement()) ids.add(JsonValues.id(r, field));
        return ids;
    }
}

package io.jrestic.tree;

import static io.jrestic.json.JsonValues.expect;
import static io.jrestic.json.JsonValues.string;
import static io.jrestic.json.JsonValues.unsigned;
import static io.jrestic.json.JsonValues.time;
import static io.jrestic.json.JsonValues.base64;
import static io.jrestic.json.JsonValues.orEmpty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.json.GoUtf8;
import io.jrestic.json.JsonWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
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

    private static final JsonFactory JSON = new JsonFactory();
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

    /** Writes one node object with restic's key order and omission rules (§10.2). */
    public void writeNode(JsonWriter w, Node n) {
        w.beginObject();
        w.name("name").value(GoQuote.quote(n.name()));
        w.name("type").value(n.type().jsonName());
        if (n.mode() != 0) w.name("mode").value(Integer.toUnsignedLong(n.mode()));
        w.name("mtime").value(GoTime.format(n.mtime()));
        w.name("atime").value(GoTime.format(n.atime()));
        w.name("ctime").value(GoTime.format(n.ctime()));
        w.name("uid").value(n.uid());
        w.name("gid").value(n.gid());
        if (!n.user().isEmpty()) w.name("user").value(n.user());
        if (!n.group().isEmpty()) w.name("group").value(n.group());
        if (n.inode() != 0) w.name("inode").valueUnsigned(n.inode());
        if (n.deviceId() != 0) w.name("device_id").valueUnsigned(n.deviceId());
        if (n.size() != 0) w.name("size").valueUnsigned(n.size());
        if (n.links() != 0) w.name("links").valueUnsigned(n.links());
        if (n.linkTarget().length > 0) {
            w.name("linktarget").valueUtf8Bytes(n.linkTarget());
            if (writeLinkTargetRaw && !GoUtf8.isValid(n.linkTarget())) {
                w.name("linktarget_raw").base64(n.linkTarget());
            }
        }
        if (!n.extendedAttributes().isEmpty()) {
            w.name("extended_attributes").beginArray();
            for (ExtendedAttribute xattr : n.extendedAttributes()) {
                w.beginObject().name("name").value(xattr.name()).name("value");
                if (xattr.value() == null) w.nullValue();
                else w.base64(xattr.value());
                w.endObject();
            }
            w.endArray();
        }
        if (!n.genericAttributes().isEmpty()) {
            w.name("generic_attributes").beginObject();
            for (Map.Entry<String, String> e : n.genericAttributes().entrySet()) {
                w.name(e.getKey()).rawValue(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
            w.endObject();
        }
        if (n.device() != 0) w.name("device").valueUnsigned(n.device());
        w.name("content");
        if (n.content() == null) {
            w.nullValue();
        } else {
            w.beginArray();
            for (Id id : n.content()) w.value(id.toString());
            w.endArray();
        }
        if (n.subtree() != null) w.name("subtree").value(n.subtree().toString());
        if (!n.error().isEmpty()) w.name("error").value(n.error());
        w.endObject();
    }

    /**
     * Reads a tree blob.
     *
     * @throws IllegalArgumentException if the bytes are not a tree restic would accept, or its nodes are unsorted
     */
    public static Tree decode(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            List<Node> nodes = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equalsIgnoreCase("nodes")) {
                    nodes = readNodes(p, value, json);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new IllegalArgumentException("data after the JSON object");
            return new Tree(nodes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid tree JSON: " + e.getOriginalMessage().replace('\n', ' ')
                    + " at byte " + e.getLocation().getByteOffset(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid tree JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid tree: " + e.getMessage(), e);
        }
    }

    private static List<Node> readNodes(JsonParser p, JsonToken start, byte[] source) throws IOException {
        if (start == JsonToken.VALUE_NULL) return List.of();
        expect(p, start, JsonToken.START_ARRAY, "nodes");
        List<Node> nodes = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            try {
                nodes.add(readNode(p, t, source));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + nodes.size() + ": " + e.getMessage(), e);
            }
        }
        return nodes;
    }

    private static Node readNode(JsonParser p, JsonToken start, byte[] source) throws IOException {
        expect(p, start, JsonToken.START_OBJECT, "node");
        byte[] name = new byte[0];
        NodeType type = null;
        int mode = 0;
        OffsetDateTime mtime = Node.ZERO_TIME;
        OffsetDateTime atime = Node.ZERO_TIME;
        OffsetDateTime ctime = Node.ZERO_TIME;
        long uid = 0;
        long gid = 0;
        String user = "";
        String group = "";
        long inode = 0;
        long deviceId = 0;
        long size = 0;
        long links = 0;
        byte[] linkTarget = null;
        byte[] linkTargetRaw = null;
        List<ExtendedAttribute> xattrs = List.of();
        Map<String, String> generic = Map.of();
        long device = 0;
        List<Id> content = null;
        Id subtree = null;
        String error = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName().toLowerCase(Locale.ROOT); // Go matches keys case-insensitively
            JsonToken t = p.nextToken();
            switch (key) {
                case "name" -> {
                    String text = string(p, t, key);
                    if (text != null) name = GoQuote.unquote(text);
                }
                case "type" -> {
                    String text = string(p, t, key);
                    if (text != null) type = NodeType.fromJsonName(text);
                }
                case "mode" -> mode = (int) unsigned(p, t, key, MAX_UINT32);
                case "mtime" -> mtime = time(p, t, key, mtime);
                case "atime" -> atime = time(p, t, key, atime);
                case "ctime" -> ctime = time(p, t, key, ctime);
                case "uid" -> uid = unsigned(p, t, key, MAX_UINT32);
                case "gid" -> gid = unsigned(p, t, key, MAX_UINT32);
                case "user" -> user = orEmpty(string(p, t, key));
                case "group" -> group = orEmpty(string(p, t, key));
                case "inode" -> inode = unsigned(p, t, key, -1);
                case "device_id" -> deviceId = unsigned(p, t, key, -1);
                case "size" -> size = unsigned(p, t, key, -1);
                case "links" -> links = unsigned(p, t, key, -1);
                case "linktarget" -> {
                    String text = string(p, t, key);
                    linkTarget = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                }
                case "linktarget_raw" -> linkTargetRaw = base64(p, t, key);
                case "extended_attributes" -> xattrs = readXattrs(p, t);
                case "generic_attributes" -> generic = readRawObject(p, t, key, source);
                case "device" -> device = unsigned(p, t, key, -1);
                case "content" -> content = readIds(p, t, key);
                case "subtree" -> {
                    String text = string(p, t, key);
                    subtree = text == null ? null : Id.parse(text);
                }
                case "error" -> error = orEmpty(string(p, t, key));
                default -> p.skipChildren();
            }
        }
        if (type == null) throw new IllegalArgumentException("node \"" + GoQuote.quote(name) + "\" has no type");
        return new Node(name, type, mode, mtime, atime, ctime, uid, gid, user, group, inode, deviceId, size, links,
                linkTargetRaw != null ? linkTargetRaw : linkTarget, xattrs, new TreeMap<>(generic), device,
                content, subtree, error);
    }

    private static List<ExtendedAttribute> readXattrs(JsonParser p, JsonToken start) throws IOException {
        if (start == JsonToken.VALUE_NULL) return List.of();
        expect(p, start, JsonToken.START_ARRAY, "extended_attributes");
        List<ExtendedAttribute> list = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(p, t, JsonToken.START_OBJECT, "extended_attributes");
            String name = "";
            byte[] value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken v = p.nextToken();
                switch (key) {
                    case "name" -> name = orEmpty(string(p, v, "extended_attributes.name"));
                    case "value" -> value = base64(p, v, "extended_attributes.value");
                    default -> p.skipChildren();
                }
            }
            list.add(new ExtendedAttribute(name, value));
        }
        return list;
    }

    /**
     * Each member's value as its JSON text (Go's {@code json.RawMessage}), compacted as Go's encoder does when it
     * writes a raw message again.
     */
    private static Map<String, String> readRawObject(JsonParser p, JsonToken start, String field, byte[] source)
            throws IOException {
        if (start == JsonToken.VALUE_NULL) return Map.of();
        expect(p, start, JsonToken.START_OBJECT, field);
        Map<String, String> map = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            int from = (int) p.currentTokenLocation().getByteOffset();
            if (value == JsonToken.VALUE_STRING) p.getText(); // strings are read lazily; consume it
            else p.skipChildren();
            int to = (int) p.currentLocation().getByteOffset();
            map.put(key, RawJson.compact(new String(source, from, to - from, StandardCharsets.UTF_8)));
        }
        return map;
    }

    private static List<Id> readIds(JsonParser p, JsonToken start, String field) throws IOException {
        if (start == JsonToken.VALUE_NULL) return null;
        expect(p, start, JsonToken.START_ARRAY, field);
        List<Id> ids = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            ids.add(Id.parse(string(p, t, field)));
        }
        return ids;
    }






}

package io.jrestic.cli.output;

import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.json.JsonWriter;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/** restic 0.14's {@code ls} lines: the plain path, the {@code --long} line, and the {@code --json} objects. */
public final class LsOutput {
    private static final DateTimeFormatter LONG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final byte[] SNAPSHOT_STRUCT_TYPE = ",\"struct_type\":\"snapshot\"}".getBytes(StandardCharsets.US_ASCII);

    private LsOutput() {
    }

    /**
     * The first {@code --json} line: the snapshot as restic 0.14 knows it (fields of later versions such as
     * {@code program_version} and {@code summary} are not part of its struct), then id, short_id, struct_type.
     */
    public static byte[] snapshotJson(Id id, Snapshot s) {
        Snapshot as014 = s.toBuilder().programVersion("").summary(null).build();
        byte[] listing = SnapshotCodec.encodeForListing(id, as014);
        byte[] out = Arrays.copyOf(listing, listing.length - 1 + SNAPSHOT_STRUCT_TYPE.length);
        System.arraycopy(SNAPSHOT_STRUCT_TYPE, 0, out, listing.length - 1, SNAPSHOT_STRUCT_TYPE.length);
        return out;
    }

    /** One {@code --json} node line (without the newline). */
    public static byte[] nodeJson(byte[] path, Node n) {
        JsonWriter w = new JsonWriter(256).beginObject();
        w.name("name").valueUtf8Bytes(n.name());
        w.name("type").value(n.type().jsonName());
        w.name("path").valueUtf8Bytes(path);
        w.name("uid").valueUnsigned(n.uid());
        w.name("gid").valueUnsigned(n.gid());
        if (n.type() == NodeType.FILE) w.name("size").valueUnsigned(n.size());
        if (n.mode() != 0) w.name("mode").valueUnsigned(Integer.toUnsignedLong(n.mode()));
        w.name("permissions").value(GoFileModeString.of(n.mode()));
        w.name("mtime").value(GoTime.format(n.mtime()));
        w.name("atime").value(GoTime.format(n.atime()));
        w.name("ctime").value(GoTime.format(n.ctime()));
        w.name("struct_type").value("node");
        return w.endObject().toByteArray();
    }

    /** The {@code --long} line: {@code mode uid gid size mtime path[ -> target]}, times in the local zone. */
    public static byte[] longLine(byte[] path, Node n) {
        int mode = FileMode.typeBits(n.type()) | n.mode();
        String head = String.format("%s %5d %5d %6d %s ", GoFileModeString.of(mode), n.uid(), n.gid(), n.size(),
                LONG_TIME.format(n.mtime().atZoneSameInstant(ZoneId.systemDefault())));
        ByteArrayOutputStream o = new ByteArrayOutputStream(head.length() + path.length + 16);
        o.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        o.writeBytes(path);
        if (n.type() == NodeType.SYMLINK) {
            o.writeBytes(" -> ".getBytes(StandardCharsets.US_ASCII));
            o.writeBytes(n.linkTarget());
        }
        return o.toByteArray();
    }
}

package io.jrestic.snapshot;

import static io.jrestic.json.JsonValues.expect;
import static io.jrestic.json.JsonValues.string;
import static io.jrestic.json.JsonValues.id;
import static io.jrestic.json.JsonValues.unsigned;
import static io.jrestic.json.JsonValues.time;
import static io.jrestic.json.JsonValues.orEmpty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.json.JsonWriter;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Snapshot JSON (restic-format §11.1, §19.1): the plaintext of a snapshot file as Go's {@code json.Marshal}
 * writes it (no trailing newline), and the object commands print ({@code snapshots --json}, {@code forget --json}),
 * which appends {@code "id"} and {@code "short_id"}. Reading is tolerant of key order, key case, unknown keys and
 * the 0.16+/0.17+ fields; it is strict about value types, as Go's decoder is.
 */
public final class SnapshotCodec {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long MAX_UINT32 = 0xffff_ffffL;
    private static final long MAX_UINT64 = -1L;

    private SnapshotCodec() {
    }

    /** The snapshot file's plaintext. */
    public static byte[] encode(Snapshot s) {
        JsonWriter w = new JsonWriter(512);
        write(w, s);
        return w.toByteArray();
    }

    /** The snapshot object followed by {@code id} and {@code short_id}, as restic 0.14 prints it in lists. */
    public static byte[] encodeForListing(Id id, Snapshot s) {
        JsonWriter w = new JsonWriter(640);
        writeForListing(w, id, s);
        return w.toByteArray();
    }

    /** Writes the snapshot object (e.g. the bare {@code snapshot} of a 0.14 {@code forget --json} reason). */
    public static void write(JsonWriter w, Snapshot s) {
        w.beginObject();
        writeFields(w, s);
        w.endObject();
    }

    /** Writes the listing object into {@code w}, e.g. as one element of the array {@code snapshots --json} prints. */
    public static void writeForListing(JsonWriter w, Id id, Snapshot s) {
        w.beginObject();
        writeFields(w, s);
        w.name("id").value(id.toString());
        w.name("short_id").value(id.toShortString());
        w.endObject();
    }

    private static void writeFields(JsonWriter w, Snapshot s) {
        w.name("time").value(GoTime.format(s.time()));
        if (s.parent() != null) w.name("parent").value(s.parent().toString());
        w.name("tree");
        if (s.tree() == null) w.nullValue();
        else w.value(s.tree().toString());
        w.name("paths");
        strings(w, s.paths());
        if (!s.hostname().isEmpty()) w.name("hostname").value(s.hostname());
        if (!s.username().isEmpty()) w.name("username").value(s.username());
        if (s.uid() != 0) w.name("uid").value(s.uid());
        if (s.gid() != 0) w.name("gid").value(s.gid());
        if (!s.excludes().isEmpty()) strings(w.name("excludes"), s.excludes());
        if (!s.tags().isEmpty()) strings(w.name("tags"), s.tags());
        if (s.original() != null) w.name("original").value(s.original().toString());
        if (!s.programVersion().isEmpty()) w.name("program_version").value(s.programVersion());
        if (s.summary() != null) writeSummary(w.name("summary"), s.summary());
    }

    private static void writeSummary(JsonWriter w, SnapshotSummary m) {
        w.beginObject();
        w.name("backup_start").value(GoTime.format(m.backupStart()));
        w.name("backup_end").value(GoTime.format(m.backupEnd()));
        w.name("files_new").valueUnsigned(m.filesNew());
        w.name("files_changed").valueUnsigned(m.filesChanged());
        w.name("files_unmodified").valueUnsigned(m.filesUnmodified());
        w.name("dirs_new").valueUnsigned(m.dirsNew());
        w.name("dirs_changed").valueUnsigned(m.dirsChanged());
        w.name("dirs_unmodified").valueUnsigned(m.dirsUnmodified());
        w.name("data_blobs").value(m.dataBlobs());
        w.name("tree_blobs").value(m.treeBlobs());
        w.name("data_added").valueUnsigned(m.dataAdded());
        w.name("data_added_packed").valueUnsigned(m.dataAddedPacked());
        w.name("total_files_processed").valueUnsigned(m.totalFilesProcessed());
        w.name("total_bytes_processed").valueUnsigned(m.totalBytesProcessed());
        w.endObject();
    }

    private static void strings(JsonWriter w, List<String> list) {
        w.beginArray();
        for (String s : list) w.value(s);
        w.endArray();
    }

    /**
     * Reads a snapshot file's plaintext.
     *
     * @throws IllegalArgumentException if it is not a snapshot restic would accept
     */
    public static Snapshot decode(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            Snapshot s = readSnapshot(p);
            if (p.nextToken() != null) throw new IllegalArgumentException("data after the JSON object");
            return s;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid snapshot JSON: " + e.getOriginalMessage().replace('\n', ' ')
                    + " at byte " + e.getLocation().getByteOffset(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid snapshot JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid snapshot: " + e.getMessage(), e);
        }
    }

    private static Snapshot readSnapshot(JsonParser p) throws IOException {
        OffsetDateTime time = Snapshot.ZERO_TIME;
        Id parent = null;
        Id tree = null;
        List<String> paths = List.of();
        String hostname = "";
        String username = "";
        long uid = 0;
        long gid = 0;
        List<String> excludes = List.of();
        List<String> tags = List.of();
        Id original = null;
        String programVersion = "";
        SnapshotSummary summary = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName().toLowerCase(Locale.ROOT); // Go matches keys case-insensitively
            JsonToken t = p.nextToken();
            switch (key) {
                case "time" -> time = time(p, t, key, time);
                case "parent" -> parent = id(p, t, key);
                case "tree" -> tree = id(p, t, key);
                case "paths" -> paths = strings(p, t, key);
                case "hostname" -> hostname = orEmpty(string(p, t, key));
                case "username" -> username = orEmpty(string(p, t, key));
                case "uid" -> uid = unsigned(p, t, key, MAX_UINT32);
                case "gid" -> gid = unsigned(p, t, key, MAX_UINT32);
                case "excludes" -> excludes = strings(p, t, key);
                case "tags" -> tags = strings(p, t, key);
                case "original" -> original = id(p, t, key);
                case "program_version" -> programVersion = orEmpty(string(p, t, key));
                case "summary" -> summary = t == JsonToken.VALUE_NULL ? null : readSummary(p, t);
                default -> p.skipChildren();
            }
        }
        return new Snapshot(time, parent, tree, paths, hostname, username, uid, gid, excludes, tags, original,
                programVersion, summary);
    }

    private static SnapshotSummary readSummary(JsonParser p, JsonToken start) throws IOException {
        expect(p, start, JsonToken.START_OBJECT, "summary");
        OffsetDateTime start0 = Snapshot.ZERO_TIME;
        OffsetDateTime end = Snapshot.ZERO_TIME;
        long[] n = new long[12];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName().toLowerCase(Locale.ROOT);
            JsonToken t = p.nextToken();
            int slot = switch (key) {
                case "files_new" -> 0;
                case "files_changed" -> 1;
                case "files_unmodified" -> 2;
                case "dirs_new" -> 3;
                case "dirs_changed" -> 4;
                case "dirs_unmodified" -> 5;
                case "data_blobs" -> 6;
                case "tree_blobs" -> 7;
                case "data_added" -> 8;
                case "data_added_packed" -> 9;
                case "total_files_processed" -> 10;
                case "total_bytes_processed" -> 11;
                default -> -1;
            };
            if (slot >= 0) {
                n[slot] = unsigned(p, t, "summary." + key, MAX_UINT64);
            } else if (key.equals("backup_start")) {
                start0 = time(p, t, "summary.backup_start", start0);
            } else if (key.equals("backup_end")) {
                end = time(p, t, "summary.backup_end", end);
            } else {
                p.skipChildren();
            }
        }
        return new SnapshotSummary(start0, end, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10],
                n[11]);
    }

    private static List<String> strings(JsonParser p, JsonToken start, String field) throws IOException {
        if (start == JsonToken.VALUE_NULL) return List.of();
        expect(p, start, JsonToken.START_ARRAY, field);
        List<String> list = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) list.add(orEmpty(string(p, t, field)));
        return list;
    }






}

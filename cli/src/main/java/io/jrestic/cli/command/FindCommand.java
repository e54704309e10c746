package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.output.GoFileModeString;
import io.jrestic.cli.output.LsOutput;
import io.jrestic.find.Finder;
import io.jrestic.find.IdQuery;
import io.jrestic.find.NamePattern;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.json.GoTime;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.tree.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code find}: restic 0.14's search of snapshots for paths matching patterns (restic's include patterns on the
 * whole path; a matched directory matches everything below it) within modification-time bounds, or for where
 * blobs, trees or a pack's blobs are used. Text, {@code --long} and {@code --json} output as restic prints it.
 */
@Command(name = "find", description = "Find a file, a directory or restic IDs")
public final class FindCommand extends RepositoryCommand {
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** restic's accepted --oldest/--newest layouts (Go's), in its order; zone-less ones are local times. */
    private static final List<String> TIME_LAYOUTS = List.of("yyyy-MM-dd", "yyyy-MM-dd H:mm", "yyyy-MM-dd H:mm:ss",
            "yyyy-MM-dd H:mm:ss xx", "yyyy-MM-dd H:mm:ss z", "dd.MM.yyyy", "dd.MM.yyyy H:mm", "dd.MM.yyyy H:mm:ss",
            "dd.MM.yyyy H:mm:ss xx", "dd.MM.yyyy H:mm:ss z", "EEE MMM d H:mm:ss xx z yyyy");

    @Option(names = {"-O", "--oldest"}, paramLabel = "string", description = "oldest modification date/time")
    String oldest;

    @Option(names = {"-N", "--newest"}, paramLabel = "string", description = "newest modification date/time")
    String newest;

    @Option(names = {"-s", "--snapshot"}, paramLabel = "id", description = "snapshot id to search in (can be given multiple times)")
    List<String> snapshots = new ArrayList<>();

    @Option(names = "--blob", description = "pattern is a blob-ID")
    boolean blob;

    @Option(names = "--tree", description = "pattern is a tree-ID")
    boolean tree;

    @Option(names = "--pack", description = "pattern is a pack-ID")
    boolean pack;

    @Option(names = "--show-pack-id", description = "display the pack-ID the blobs belong to (with --blob or --tree)")
    boolean showPackId;

    @Option(names = {"-i", "--ignore-case"}, description = "ignore case for pattern")
    boolean ignoreCase;

    @Option(names = {"-l", "--long"}, description = "use a long listing format showing size and mode")
    boolean longFormat;

    @Mixin
    SnapshotFilterOptions filter;

    @Parameters(paramLabel = "PATTERN", arity = "0..*")
    List<String> patterns = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (patterns.isEmpty()) throw new CliException("wrong number of arguments");
        OffsetDateTime from = oldest == null || oldest.isEmpty() ? null : parseTime(oldest, ZoneId.systemDefault());
        OffsetDateTime to = newest == null || newest.isEmpty() ? null : parseTime(newest, ZoneId.systemDefault());
        if ((blob && tree) || (blob && pack) || (tree && pack)) throw new CliException("cannot have several ID types");
        Printer p = printer();
        Output out = new Output(p, longFormat);
        try (Repository repo = global().openRepository();
             RepositoryLock lock = global().lock(repo, false)) {
            repo.loadIndex();
            IdQuery query = null;
            if (blob) query = IdQuery.blobs(patterns);
            if (tree) query = IdQuery.trees(patterns);
            if (pack) {
                try {
                    query = IdQuery.pack(repo, patterns.getFirst());
                } catch (NoSuchFileException e) {
                    throw new CliException(e.getReason());
                }
            }
            Finder finder = new Finder(repo);
            NamePattern names;
            try {
                names = new NamePattern(patterns, ignoreCase, from, to);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            for (IdentifiedSnapshot s : SnapshotSelection.select(repo, filter.filter(), snapshots, p)) {
                if (query != null) finder.findIds(s, query, out::object);
                else finder.findNames(s, names, out::node);
            }
            out.finish();
            if (showPackId && (blob || tree || pack)) {
                for (String id : query.blobIds()) showPack(p, repo, id, BlobType.DATA);
                for (String id : query.treeIds()) showPack(p, repo, id, BlobType.TREE);
            }
        }
        p.out().flush();
        return ExitCode.OK;
    }

    private static void showPack(Printer p, Repository repo, String given, BlobType type) {
        Id id;
        try {
            id = parseGoId(given);
        } catch (IllegalArgumentException e) {
            p.result("Note: cannot find pack for object '" + given + "', unable to parse ID: " + e.getMessage());
            return;
        }
        List<IndexEntry> entries = repo.index().lookupAll(type, id);
        if (entries.isEmpty()) {
            p.result("Object " + (id.equals(Id.ZERO) ? "[null]" : id.toShortString()) + " not found in the index");
            return;
        }
        IndexEntry e = entries.getFirst();
        p.result("Object belongs to pack " + e.packId());
        p.result(" ... Pack " + e.packId().toShortString() + ": <Blob (" + type.jsonName() + ") " + id.toShortString()
                + ", offset " + e.offset() + ", length " + e.length() + ", uncompressed length " + e.plaintextLength() + ">");
    }

    /** restic 0.14's {@code ParseID} with its error texts. */
    private static Id parseGoId(String s) {
        if (s.length() % 2 != 0) throw new IllegalArgumentException("hex.DecodeString: encoding/hex: odd length hex string");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException(String.format("hex.DecodeString: encoding/hex: invalid byte: U+%04X '%c'", (int) c, c));
            }
        }
        if (s.length() != Id.HEX_LENGTH) throw new IllegalArgumentException("invalid length for hash");
        return Id.parse(s.toLowerCase(Locale.ROOT));
    }

    /** Parses --oldest/--newest with restic's layouts; times without a zone are in {@code zone}. */
    static OffsetDateTime parseTime(String text, ZoneId zone) {
        for (String layout : TIME_LAYOUTS) {
            try {
                TemporalAccessor t = DateTimeFormatter.ofPattern(layout, Locale.ROOT).parse(text);
                if (t.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) return OffsetDateTime.from(t);
                if (t.query(java.time.temporal.TemporalQueries.zone()) != null) return ZonedDateTime.from(t).toOffsetDateTime();
                LocalDateTime local = t.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)
                        ? LocalDateTime.from(t) : LocalDate.from(t).atStartOfDay();
                return local.atZone(zone).toOffsetDateTime();
            } catch (java.time.DateTimeException e) {
                // try the next layout
            }
        }
        throw new CliException("unable to parse time: \"" + text + "\"");
    }

    /** restic's stateful output: per-snapshot headings (text) or one JSON array written piece by piece. */
    private static final class Output {
        private final Printer p;
        private final boolean longFormat;
        private boolean inUse;
        private IdentifiedSnapshot current;
        private int hits;

        Output(Printer p, boolean longFormat) {
            this.p = p;
            this.longFormat = longFormat;
        }

        void node(IdentifiedSnapshot s, byte[] path, Node node) {
            if (p.json()) {
                if (!inUse) {
                    text("[");
                    inUse = true;
                }
                if (current != s) {
                    if (current != null) text("],\"hits\":" + hits + ",\"snapshot\":\"" + current.id() + "\"},");
                    text("{\"matches\":[");
                    current = s;
                    hits = 0;
                }
                if (hits > 0) text(",");
                p.raw(nodeJson(path, node));
                hits++;
                return;
            }
            if (current != s) {
                if (current != null) p.info("");
                current = s;
                p.info("Found matching entries in snapshot " + s.id().toShortString() + " from " + localTime(s.snapshot().time()));
            }
            p.raw(longFormat ? LsOutput.longLine(path, node) : path);
            p.out().write('\n');
        }

        void object(String kind, Id id, byte[] path, Id parentTree, IdentifiedSnapshot s) {
            if (p.json()) {
                if (!inUse) {
                    text("[");
                    inUse = true;
                }
                if (hits > 0) text(",");
                JsonWriter w = new JsonWriter().beginObject().name("object_type").value(kind).name("id").value(id.toString())
                        .name("path").valueUtf8Bytes(path);
                if (parentTree != null) w.name("parent_tree").value(parentTree.toString());
                w.name("snapshot").value(s.id().toString()).name("time").value(GoTime.format(s.snapshot().time()));
                p.raw(w.endObject().toByteArray());
                hits++;
                return;
            }
            p.result("Found " + kind + " " + id);
            if (kind.equals("blob")) {
                line(" ... in file ", path);
                p.result("     (tree " + parentTree + ")");
            } else {
                line(" ... path ", path);
            }
            p.result(" ... in snapshot " + s.id().toShortString() + " (" + localTime(s.snapshot().time()) + ")");
        }

        void finish() {
            if (!p.json()) return;
            if (current != null) text("],\"hits\":" + hits + ",\"snapshot\":\"" + current.id() + "\"}");
            text(inUse ? "]\n" : "[]\n");
        }

        private void line(String head, byte[] path) {
            p.raw(head.getBytes(StandardCharsets.UTF_8));
            p.raw(path);
            p.out().write('\n');
        }

        private void text(String s) {
            p.raw(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String localTime(OffsetDateTime t) {
        return LOCAL_TIME.format(t.atZoneSameInstant(ZoneId.systemDefault()));
    }

    /** A matched node as restic 0.14's find prints it in JSON: the node's fields without name, inode, content etc. */
    static byte[] nodeJson(byte[] path, Node n) {
        JsonWriter w = new JsonWriter(256).beginObject();
        if (path.length > 0) w.name("path").valueUtf8Bytes(path);
        String permissions = GoFileModeString.of(n.mode());
        if (!permissions.isEmpty()) w.name("permissions").value(permissions);
        w.name("type").value(n.type().jsonName());
        if (n.mode() != 0) w.name("mode").valueUnsigned(Integer.toUnsignedLong(n.mode()));
        w.name("mtime").value(GoTime.format(n.mtime()));
        w.name("atime").value(GoTime.format(n.atime()));
        w.name("ctime").value(GoTime.format(n.ctime()));
        w.name("uid").valueUnsigned(n.uid());
        w.name("gid").valueUnsigned(n.gid());
        if (!n.user().isEmpty()) w.name("user").value(n.user());
        if (!n.group().isEmpty()) w.name("group").value(n.group());
        if (n.deviceId() != 0) w.name("device_id").valueUnsigned(n.deviceId());
        if (n.size() != 0) w.name("size").valueUnsigned(n.size());
        if (n.links() != 0) w.name("links").valueUnsigned(n.links());
        if (n.linkTarget().length > 0) w.name("linktarget").valueUtf8Bytes(n.linkTarget());
        if (!n.error().isEmpty()) w.name("error").value(n.error());
        return w.endObject().toByteArray();
    }
}

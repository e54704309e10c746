package io.jrestic.snapshot;

import io.jrestic.id.Id;
import io.jrestic.json.JsonWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotCodecTest {
    /** The restic 0.14 {@code snapshots --json} line of restic-format §19.1. */
    private static final String LISTING_0_14 = "[{\"time\":\"2026-11-24T09:58:20.337392325+01:00\","
            + "\"tree\":\"ba7684b61eee11e0a7946b91f97ca21cf509f7bc8803ba46ad7c920a63c425f1\",\"paths\":[\"/srv/src\"],"
            + "\"hostname\":\"vm\",\"username\":\"root\","
            + "\"id\":\"cbd0a182daced9440cfffac77544d5fd04859c075264c87bce75e4a0c7367f8b\",\"short_id\":\"cbd0a182\"},"
            + "{\"time\":\"2026-11-24T08:58:42.634527212Z\","
            + "\"tree\":\"785565d9479056b503636f65437a31e60289c2d1f774355e56fac6521cb8eedb\",\"paths\":[\"/foo/bar.txt\"],"
            + "\"hostname\":\"h2\",\"username\":\"root\",\"tags\":[\"t1\",\"t2\"],"
            + "\"id\":\"d3dc489ab02b486000c625d862aa847ac5a3648e94a20d893d7ba76487104ba9\",\"short_id\":\"d3dc489a\"}]";

    /** The restic 0.14 snapshot file of restic-format §11.1. */
    private static final String FILE_0_14 = "{\"time\":\"2024-01-02T10:00:00Z\","
            + "\"parent\":\"5982630f5090e4af4efa6f549875f051a0ae4808f1961e56ab9a6cf7b6bbfef9\","
            + "\"tree\":\"5874ee2100bb0a2f0de69d7732aab2e8894d7af4d53eed82a6f3aa1ee468e486\",\"paths\":[\"/srv/data\"],"
            + "\"hostname\":\"vm\",\"username\":\"root\",\"tags\":[\"x\"]}";

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void listingOfSection19_1IsReproducedFromItsFields() {
        Snapshot first = Snapshot.builder(OffsetDateTime.parse("2026-11-24T09:58:20.337392325+01:00"),
                        Id.parse("ba7684b61eee11e0a7946b91f97ca21cf509f7bc8803ba46ad7c920a63c425f1"), List.of("/srv/src"))
                .hostname("vm").username("root").build();
        Snapshot second = Snapshot.builder(OffsetDateTime.parse("2026-11-24T08:58:42.634527212Z"),
                        Id.parse("785565d9479056b503636f65437a31e60289c2d1f774355e56fac6521cb8eedb"),
                        List.of("/foo/bar.txt"))
                .hostname("h2").username("root").tags(List.of("t1", "t2")).build();
        JsonWriter w = new JsonWriter().beginArray();
        SnapshotCodec.writeForListing(w,
                Id.parse("cbd0a182daced9440cfffac77544d5fd04859c075264c87bce75e4a0c7367f8b"), first);
        SnapshotCodec.writeForListing(w,
                Id.parse("d3dc489ab02b486000c625d862aa847ac5a3648e94a20d893d7ba76487104ba9"), second);
        assertEquals(LISTING_0_14, text(w.endArray().toByteArray()));

        // Each listed object reads back as its snapshot (id and short_id are unknown keys to a snapshot).
        assertEquals(second, SnapshotCodec.decode(utf8(LISTING_0_14.substring(LISTING_0_14.indexOf("},{") + 2,
                LISTING_0_14.length() - 1))));
        assertEquals(text(SnapshotCodec.encodeForListing(
                        Id.parse("d3dc489ab02b486000c625d862aa847ac5a3648e94a20d893d7ba76487104ba9"), second)),
                LISTING_0_14.substring(LISTING_0_14.indexOf("},{") + 2, LISTING_0_14.length() - 1));
    }

    @Test
    void snapshotFileOfSection11_1RoundTrips() {
        Snapshot s = SnapshotCodec.decode(utf8(FILE_0_14));
        assertEquals(OffsetDateTime.parse("2024-01-02T10:00:00Z"), s.time());
        assertEquals(Id.parse("5982630f5090e4af4efa6f549875f051a0ae4808f1961e56ab9a6cf7b6bbfef9"), s.parent());
        assertEquals(List.of("/srv/data"), s.paths());
        assertEquals(List.of("x"), s.tags());
        assertEquals(0, s.uid());
        assertNull(s.original());
        assertNull(s.summary());
        assertEquals(FILE_0_14, text(SnapshotCodec.encode(s)));
    }

    @Test
    void everyFieldInOrderWithLatestExtras() {
        OffsetDateTime t = OffsetDateTime.parse("2024-05-06T07:08:09.5+02:00");
        SnapshotSummary summary = new SnapshotSummary(t, t.plusSeconds(3), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1);
        Snapshot s = Snapshot.builder(t, Id.ZERO, List.of("/a", "/b<"))
                .parent(Id.ZERO).hostname("h").username("u").uid(1000).gid(4294967295L)
                .excludes(List.of("*.tmp")).tags(List.of("b", "a")).original(Id.ZERO)
                .programVersion("restic 0.19.1").summary(summary).build();
        String z = Id.ZERO.toString();
        String json = "{\"time\":\"2024-05-06T07:08:09.5+02:00\",\"parent\":\"" + z + "\",\"tree\":\"" + z + "\","
                + "\"paths\":[\"/a\",\"/b\\u003c\"],\"hostname\":\"h\",\"username\":\"u\",\"uid\":1000,"
                + "\"gid\":4294967295,\"excludes\":[\"*.tmp\"],\"tags\":[\"b\",\"a\"],\"original\":\"" + z + "\","
                + "\"program_version\":\"restic 0.19.1\",\"summary\":{\"backup_start\":\"2024-05-06T07:08:09.5+02:00\","
                + "\"backup_end\":\"2024-05-06T07:08:12.5+02:00\",\"files_new\":1,\"files_changed\":2,"
                + "\"files_unmodified\":3,\"dirs_new\":4,\"dirs_changed\":5,\"dirs_unmodified\":6,\"data_blobs\":7,"
                + "\"tree_blobs\":8,\"data_added\":9,\"data_added_packed\":10,\"total_files_processed\":11,"
                + "\"total_bytes_processed\":18446744073709551615}}";
        assertEquals(json, text(SnapshotCodec.encode(s)));
        assertEquals(s, SnapshotCodec.decode(utf8(json)));
    }

    @Test
    void emptyValuesAreOmittedOrWrittenAsGoDoes() {
        Snapshot s = Snapshot.builder(OffsetDateTime.parse("2024-03-01T02:03:04Z"), null, List.of()).build();
        assertEquals("{\"time\":\"2024-03-01T02:03:04Z\",\"tree\":null,\"paths\":[]}", text(SnapshotCodec.encode(s)));
    }

    @Test
    void readingIsTolerant() {
        Snapshot s = SnapshotCodec.decode(utf8("{\"Tags\":[\"t\",null],\"future\":{\"x\":[1]},"
                + "\"TREE\":\"" + Id.ZERO + "\",\"hostname\":null,\"summary\":null,\"paths\":null}"));
        assertEquals(List.of("t", ""), s.tags());
        assertEquals(Id.ZERO, s.tree());
        assertEquals("", s.hostname());
        assertEquals(List.of(), s.paths());
        assertEquals(Snapshot.ZERO_TIME, s.time());
    }

    @Test
    void readingRejectsWrongTypes() {
        assertInvalid("{\"uid\":-1}", "uid");
        assertInvalid("{\"gid\":4294967296}", "gid");
        assertInvalid("{\"tree\":\"abc\"}", "abc");
        assertInvalid("{\"paths\":\"/a\"}", "paths");
        assertInvalid("{\"time\":\"now\"}", "now");
        assertInvalid("{\"time\":", "invalid snapshot JSON");
        assertInvalid("{} {}", "data after");
    }

    private static void assertInvalid(String json, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotCodec.decode(utf8(json)));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}

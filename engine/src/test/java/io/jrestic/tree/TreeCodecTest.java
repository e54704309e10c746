package io.jrestic.tree;

import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tree blobs, checked against the bytes restic 0.14 wrote (restic-format §10.9). */
class TreeCodecTest {
    private static final byte[] BADLINK_TARGET = HexFormat.of().parseHex("626164ff6e616d65");
    private static final OffsetDateTime T = OffsetDateTime.parse("2024-03-01T02:03:04Z");

    static byte[] vector(String letter) throws IOException {
        try (InputStream in = TreeCodecTest.class.getResourceAsStream("tree-" + letter + ".json")) {
            return in.readAllBytes();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({
            "a, 367, ba7684b61eee11e0a7946b91f97ca21cf509f7bc8803ba46ad7c920a63c425f1",
            "c, 284, d680800c794ae069e65acb7ef8e749d5a4e59bec49b12bf825e80d49325ff55c",
            "d, 286, 785565d9479056b503636f65437a31e60289c2d1f774355e56fac6521cb8eedb"})
    void vectorsDecodeAndReencodeByteExactly(String letter, int length, String id) throws IOException {
        byte[] bytes = vector(letter);
        assertEquals(length, bytes.length);
        assertEquals(Id.parse(id), Id.hash(bytes));
        byte[] again = TreeCodec.RESTIC_0_14.encode(TreeCodec.decode(bytes));
        assertEquals(text(bytes), text(again));
        assertEquals(Id.parse(id), Id.hash(again));
    }

    @Test
    void vectorB_reencodesWhenTheSymlinkIsBuiltFromItsRawTarget() throws IOException {
        byte[] bytes = vector("b");
        assertEquals(3746, bytes.length);
        Id id = Id.parse("2494f4acfab57ef6d48cbef59c7e5a793ad978f255bd09278bfa139faffee95a");
        assertEquals(id, Id.hash(bytes));
        Tree decoded = TreeCodec.decode(bytes);
        // The decoded target holds a valid U+FFFD, which is written as raw UTF-8, so this node differs.
        Node badlink = decoded.find(utf8("badlink")).orElseThrow();
        assertArrayEquals(utf8("bad\ufffdname"), badlink.linkTarget());
        assertNotEquals(id, Id.hash(TreeCodec.RESTIC_0_14.encode(decoded)));

        List<Node> nodes = new ArrayList<>(decoded.nodes());
        nodes.replaceAll(n -> n.hasName(utf8("badlink")) ? n.toBuilder().linkTarget(BADLINK_TARGET).build() : n);
        byte[] again = TreeCodec.RESTIC_0_14.encode(new Tree(nodes));
        assertEquals(text(bytes), text(again));
        assertEquals(id, Id.hash(again));
    }

    @Test
    void vectorB_fieldsDecodeAsRecorded() throws IOException {
        Tree tree = TreeCodec.decode(vector("b"));
        List<String> names = tree.nodes().stream().map(n -> GoQuote.quote(n.name())).toList();
        assertEquals(List.of("a.txt", "badlink", "empty", "fifo", "hardlink", "link", "raw\\xfe", "sub",
                "tab\\there", "we\\\"ird\\\\name", "ü<&>"), names);
        assertTrue(tree.find(new byte[]{'r', 'a', 'w', (byte) 0xfe}).isPresent());
        assertTrue(tree.find(utf8("we\"ird\\name")).isPresent());
        assertTrue(tree.find(utf8("tab\there")).isPresent());

        Node a = tree.find(utf8("a.txt")).orElseThrow();
        assertEquals(NodeType.FILE, a.type());
        assertEquals(420, a.mode());
        assertEquals(OffsetDateTime.parse("2020-02-29T13:34:56.123456789+01:00"), a.mtime());
        assertEquals(2196686, a.inode());
        assertEquals(65024, a.deviceId());
        assertEquals(12, a.size());
        assertEquals(2, a.links());
        assertEquals("root", a.user());
        assertEquals(List.of(Id.parse("a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447")),
                a.content());

        assertEquals(List.of(), tree.find(utf8("empty")).orElseThrow().content());
        assertNull(tree.find(utf8("fifo")).orElseThrow().content());
        assertEquals(0, tree.find(utf8("fifo")).orElseThrow().links());
        Node sub = tree.find(utf8("sub")).orElseThrow();
        assertEquals(NodeType.DIR, sub.type());
        assertEquals(Id.parse("738f730a96e2867cc5ee7c86da733ef35894e9b1ebd70995594adaee388ecb1e"), sub.subtree());
        assertArrayEquals(utf8("a.txt"), tree.find(utf8("link")).orElseThrow().linkTarget());
    }

    @Test
    void latestDialectAddsLinkTargetRawAndReadsItBack() {
        Node link = Node.builder(utf8("badlink"), NodeType.SYMLINK).mode(FileMode.of(NodeType.SYMLINK, 0777))
                .mtime(T).atime(T).ctime(T).linkTarget(BADLINK_TARGET).build();
        String latest = text(TreeCodec.LATEST.encode(Tree.of(link)));
        assertTrue(latest.contains("\"linktarget\":\"bad\\ufffdname\",\"linktarget_raw\":\"YmFk/25hbWU=\","), latest);
        assertEquals(link, TreeCodec.decode(utf8(latest)).nodes().getFirst());

        String old = text(TreeCodec.RESTIC_0_14.encode(Tree.of(link)));
        assertTrue(old.contains("\"linktarget\":\"bad\\ufffdname\",\"content\":null"), old);

        Node valid = link.toBuilder().linkTarget(utf8("target")).build();
        assertTrue(!text(TreeCodec.LATEST.encode(Tree.of(valid))).contains("linktarget_raw"));
    }

    @Test
    void goVersionDecidesTheEscapeOfBackspace() {
        Node link = Node.builder(utf8("l"), NodeType.SYMLINK).linkTarget(utf8("a\bb\fc")).build();
        assertTrue(text(TreeCodec.RESTIC_0_14.encode(Tree.of(link))).contains("\"a\\u0008b\\u000cc\""));
        assertTrue(text(TreeCodec.LATEST.encode(Tree.of(link))).contains("\"a\\bb\\fc\""));
    }

    @Test
    void emptyTreeIsThirteenBytes() {
        assertEquals("{\"nodes\":[]}\n", text(TreeCodec.RESTIC_0_14.encode(Tree.EMPTY)));
        assertEquals(Tree.EMPTY, TreeCodec.decode(utf8("{\"nodes\":null}")));
        assertEquals(Tree.EMPTY, TreeCodec.decode(utf8("{}")));
    }

    @Test
    void unsignedNumbersArePrintedUnsigned() {
        Node dir = Node.builder(utf8("d"), NodeType.DIR).mode(FileMode.of(NodeType.DIR, 0755)).mtime(T).atime(T)
                .ctime(T).uid(4294967295L).gid(4294967294L).inode(Long.MIN_VALUE + 5).deviceId(-1)
                .subtree(Id.ZERO).build();
        String json = text(TreeCodec.RESTIC_0_14.encode(Tree.of(dir)));
        assertEquals("{\"nodes\":[{\"name\":\"d\",\"type\":\"dir\",\"mode\":2147484141,"
                + "\"mtime\":\"2024-03-01T02:03:04Z\",\"atime\":\"2024-03-01T02:03:04Z\","
                + "\"ctime\":\"2024-03-01T02:03:04Z\",\"uid\":4294967295,\"gid\":4294967294,"
                + "\"inode\":9223372036854775813,\"device_id\":18446744073709551615,\"content\":null,"
                + "\"subtree\":\"" + Id.ZERO + "\"}]}\n", json);
        assertEquals(dir, TreeCodec.decode(utf8(json)).nodes().getFirst());
    }

    @Test
    void everyOptionalFieldInOrder() {
        Node dev = Node.builder(utf8("sda"), NodeType.DEV).mode(FileMode.fromPosix(0060660)).mtime(T).atime(T)
                .ctime(T).user("u").group("g").inode(7).deviceId(8).links(1)
                .extendedAttributes(List.of(new ExtendedAttribute("user.k", new byte[]{0, 1, (byte) 0xff}),
                        new ExtendedAttribute("user.empty", null)))
                .genericAttributes(Map.of("windows.file_attributes", "\"IAAAAA==\"", "a", "{\"x\":[1,2]}"))
                .device(2049).error("e<").build();
        String json = text(TreeCodec.RESTIC_0_14.encode(Tree.of(dev)));
        assertEquals("{\"nodes\":[{\"name\":\"sda\",\"type\":\"dev\",\"mode\":67109296,"
                + "\"mtime\":\"2024-03-01T02:03:04Z\",\"atime\":\"2024-03-01T02:03:04Z\","
                + "\"ctime\":\"2024-03-01T02:03:04Z\",\"uid\":0,\"gid\":0,\"user\":\"u\",\"group\":\"g\","
                + "\"inode\":7,\"device_id\":8,\"links\":1,"
                + "\"extended_attributes\":[{\"name\":\"user.k\",\"value\":\"AAH/\"},{\"name\":\"user.empty\",\"value\":null}],"
                + "\"generic_attributes\":{\"a\":{\"x\":[1,2]},\"windows.file_attributes\":\"IAAAAA==\"},"
                + "\"device\":2049,\"content\":null,\"error\":\"e\\u003c\"}]}\n", json);
        Node back = TreeCodec.decode(utf8(json)).nodes().getFirst();
        assertEquals(dev, back);
        assertArrayEquals(new byte[]{0, 1, (byte) 0xff}, back.extendedAttributes().getFirst().value());
    }

    @Test
    void genericAttributesKeepTheirRawValuesCompacted() {
        String json = "{\"nodes\":[{\"name\":\"f\",\"type\":\"file\",\"generic_attributes\":"
                + "{\"z\" : { \"k\" : \"a b<\" } , \"n\":12.50,\"s\":\"t\\\"x\",\"b\":true}}]}";
        Node n = TreeCodec.decode(utf8(json)).nodes().getFirst();
        assertEquals(Map.of("z", "{\"k\":\"a b\\u003c\"}", "n", "12.50", "s", "\"t\\\"x\"", "b", "true"),
                n.genericAttributes());
    }

    @Test
    void emptyFileHasEmptyContentArrayOthersNull() {
        Node empty = Node.builder(utf8("e"), NodeType.FILE).build();
        Node fifo = Node.builder(utf8("p"), NodeType.FIFO).build();
        String json = text(TreeCodec.RESTIC_0_14.encode(Tree.of(empty, fifo)));
        assertTrue(json.contains("\"name\":\"e\",\"type\":\"file\",\"mtime\":\"0001-01-01T00:00:00Z\""), json);
        assertTrue(json.contains("\"gid\":0,\"content\":[]}"), json);
        assertTrue(json.contains("\"gid\":0,\"content\":null}"), json);
        Tree back = TreeCodec.decode(utf8(json));
        assertEquals(List.of(), back.nodes().get(0).content());
        assertNull(back.nodes().get(1).content());
    }

    @Test
    void readingIsTolerantOfKeyOrderCaseAndUnknownKeys() {
        String json = "{\"extra\":{\"a\":[1,{}]},\"nodes\":[{\"unknown\":[1,2,{\"x\":null}],\"TYPE\":\"file\","
                + "\"content\":[],\"Name\":\"x\\\\x41\",\"size\":0,\"user\":null}],\"more\":1}";
        Node n = TreeCodec.decode(utf8(json)).nodes().getFirst();
        assertArrayEquals(utf8("xA"), n.name());
        assertEquals(NodeType.FILE, n.type());
        assertEquals("", n.user());
        assertEquals(Node.ZERO_TIME, n.mtime());
    }

    @Test
    void aLaterNullLeavesANumberAndClearsASubtreeAsGoDoes() {
        Node n = TreeCodec.decode(utf8("{\"nodes\":[{\"name\":\"a\",\"type\":\"dir\",\"size\":5,\"size\":null,"
                + "\"subtree\":\"" + Id.ZERO + "\",\"subtree\":null}]}")).nodes().getFirst();
        assertEquals(5, n.size());
        assertNull(n.subtree());
    }

    @Test
    void readsIdsInEitherCaseAndNullSubtreeAsNone() {
        String upper = "738F730A96E2867CC5EE7C86DA733EF35894E9B1EBD70995594ADAEE388ECB1E";
        List<Node> nodes = TreeCodec.decode(utf8("{\"nodes\":[{\"name\":\"a\",\"type\":\"dir\",\"subtree\":\"" + upper + "\"},"
                + "{\"name\":\"b\",\"type\":\"dir\",\"subtree\":null}]}")).nodes();
        assertEquals(Id.parse(upper.toLowerCase(java.util.Locale.ROOT)), nodes.get(0).subtree());
        assertNull(nodes.get(1).subtree());
    }

    @Test
    void readingRejectsWhatResticRejects() {
        assertInvalid("{\"nodes\":[{\"name\":\"a\\\\qb\",\"type\":\"file\"}]}", "a\\qb");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"door\"}]}", "door");
        assertInvalid("{\"nodes\":[{\"name\":\"a\"}]}", "no type");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"uid\":-1}]}", "uid");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"uid\":4294967296}]}", "uid");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"size\":1.5}]}", "size");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[\"zz\"]}]}", "zz");
        // IDs are hex-decoded as written (restic's ID.UnmarshalJSON): no escapes, no null element
        String escaped = "\\u0030" + Id.ZERO.toString().substring(1);
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"dir\",\"subtree\":\"" + escaped + "\"}]}",
                "node 0: subtree: want 64 hex digits");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[null]}]}", "found null");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"mtime\":\"yesterday\"}]}", "yesterday");
        assertInvalid("{\"nodes\":[{\"name\":\"b\",\"type\":\"file\"},{\"name\":\"a\",\"type\":\"file\"}]}",
                "unsorted");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\"},{\"name\":\"a\",\"type\":\"file\"}]}",
                "duplicate");
        assertInvalid("{\"nodes\":[]} x", "invalid tree");
        assertInvalid("[]", "not a JSON object");
        assertInvalid("{\"nodes\":[{\"name\":\"a\",", "invalid tree JSON");
    }

    private static void assertInvalid(String json, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TreeCodec.decode(utf8(json)));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}

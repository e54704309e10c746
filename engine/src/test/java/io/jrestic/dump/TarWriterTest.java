package io.jrestic.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarWriterTest {
    private static final OffsetDateTime MTIME = OffsetDateTime.parse("2022-01-02T03:04:05.6Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String field(byte[] block, int off, int len) {
        int end = off;
        while (end < off + len && block[end] != 0) end++;
        return new String(block, off, end - off, StandardCharsets.ISO_8859_1);
    }

    private static byte[] tar(TarHeader h, byte[] content, boolean precise) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out, precise);
        w.writeHeader(h);
        if (content.length > 0) w.write(content, 0, content.length);
        w.finish();
        return out.toByteArray();
    }

    private static TarHeader file(String name, int size, Map<String, byte[]> pax) {
        return new TarHeader(TarHeader.TYPE_REGULAR, b(name), null, 0644, 1000, 100, size, MTIME, MTIME, MTIME,
                "user", "group", pax);
    }

    @Test
    void aPlainEntryIsOneUstarHeaderLikeGosArchiveTar() throws IOException {
        byte[] t = tar(file("dir/hello.txt", 5, null), b("hello"), false);
        assertEquals(512 + 512 + 1024, t.length, "header, one padded data block, two zero blocks; no record padding");
        assertEquals("dir/hello.txt", field(t, 0, 100));
        assertEquals("0000644", field(t, 100, 8));
        assertEquals("0001750", field(t, 108, 8));
        assertEquals("00000000005", field(t, 124, 12));
        assertEquals(Long.toOctalString(MTIME.toEpochSecond() + 1), field(t, 136, 12).replaceFirst("^0+", ""), "mtime rounded to the second");
        assertEquals('0', t[156]);
        assertEquals("ustar", field(t, 257, 6));
        assertEquals("00", new String(t, 263, 2, StandardCharsets.US_ASCII));
        assertEquals("user", field(t, 265, 32));
        assertEquals("0000000", field(t, 329, 8));
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += (i >= 148 && i < 156) ? ' ' : t[i] & 0xff;
        assertEquals(String.format("%06o", sum), field(t, 148, 8));
        assertEquals(' ', t[155]);
        assertEquals("hello", field(t, 512, 512));
    }

    @Test
    void longAsciiNamesAreSplitIntoPrefixAndName() throws IOException {
        String dir = "d".repeat(80) + "/" + "e".repeat(40);
        byte[] t = tar(file(dir + "/file", 0, null), new byte[0], false);
        assertEquals(512 + 1024, t.length, "still a single USTAR header");
        assertEquals(dir, field(t, 345, 155));
        assertEquals("file", field(t, 0, 100));
    }

    @Test
    void nonAsciiNamesGetAPaxHeaderNamedAfterTheEntry() throws IOException {
        byte[] name = {'s', 'r', 'c', '/', 'n', (byte) 0xfe, 'a', 'm', 'e'};
        TarHeader h = new TarHeader(TarHeader.TYPE_REGULAR, name, null, 0644, 0, 0, 0, MTIME, null, null, "", "", null);
        byte[] t = tar(h, new byte[0], false);
        assertEquals('x', t[156]);
        assertEquals("src/PaxHeaders.0/name", field(t, 0, 100), "Go's name, non-ASCII bytes dropped");
        byte[] record = TarWriter.paxRecord(b("path"), name);
        assertArrayEquals(record, Arrays.copyOfRange(t, 512, 512 + record.length));
        assertEquals("src/name", field(t, 1024, 100), "the main header holds the ASCII part");
        assertEquals('0', t[1024 + 156]);
    }

    @Test
    void extendedAttributesForcePax() throws IOException {
        byte[] t = tar(file("f", 0, Map.of("SCHILY.xattr.user.a", b("v"))), new byte[0], false);
        assertEquals('x', t[156]);
        assertEquals("PaxHeaders.0/f", field(t, 0, 100));
        assertEquals("25 SCHILY.xattr.user.a=v\n", field(t, 512, 512));
    }

    @Test
    void paxRecordLengthCountsItsOwnDigits() {
        assertEquals("6 a=b\n", new String(TarWriter.paxRecord(b("a"), b("b")), StandardCharsets.US_ASCII));
        assertEquals("9 a=xxxx\n", new String(TarWriter.paxRecord(b("a"), b("xxxx")), StandardCharsets.US_ASCII));
        assertEquals("11 a=xxxxx\n", new String(TarWriter.paxRecord(b("a"), b("xxxxx")), StandardCharsets.US_ASCII),
                "the length field grew to two digits");
        assertEquals("19 path=/etc/hosts\n", new String(TarWriter.paxRecord(b("path"), b("/etc/hosts")), StandardCharsets.US_ASCII));
    }

    @Test
    void paxTimesAsGoFormatsThem() {
        assertEquals("1350244992.023960108", TarWriter.paxTime(1350244992, 23960108));
        assertEquals("1350244992.3", TarWriter.paxTime(1350244992, 300000000));
        assertEquals("-1", TarWriter.paxTime(-1, 0));
        assertEquals("-0.9", TarWriter.paxTime(-1, 100000000));
    }

    @Test
    void preciseTimesGoIntoPaxRecords() throws IOException {
        byte[] t = tar(file("f", 0, null), new byte[0], true);
        String records = field(t, 512, 512);
        String secs = Long.toString(MTIME.toEpochSecond());
        assertEquals("22 atime=" + secs + ".6\n22 ctime=" + secs + ".6\n22 mtime=" + secs + ".6\n", records);
    }

    @Test
    void entriesMustGetExactlyTheirSize() throws IOException {
        TarWriter w = new TarWriter(new ByteArrayOutputStream(), false);
        w.writeHeader(file("f", 3, null));
        assertThrows(IOException.class, () -> w.write(new byte[4], 0, 4));
        w.write(new byte[2], 0, 2);
        assertThrows(IOException.class, w::finish);
    }
}

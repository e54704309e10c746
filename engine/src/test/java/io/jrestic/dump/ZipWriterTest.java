package io.jrestic.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipWriterTest {
    private static final OffsetDateTime MTIME = OffsetDateTime.parse("2022-01-02T03:04:05.6+02:00");
    private static final int FILE_0644 = FileMode.of(NodeType.FILE, 0644);
    private static final int DIR_0755 = FileMode.of(NodeType.DIR, 0755);
    private static final int LINK_0777 = FileMode.of(NodeType.SYMLINK, 0777);

    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int u16(byte[] z, long off) {
        return (z[(int) off] & 0xff) | (z[(int) off + 1] & 0xff) << 8;
    }

    private static long u32(byte[] z, long off) {
        return u16(z, off) | (long) u16(z, off + 2) << 16;
    }

    private static long u64(byte[] z, long off) {
        return u32(z, off) | u32(z, off + 4) << 32;
    }

    /** The fields of a central directory header. */
    record Central(int madeBy, int needed, int flags, int method, int dosTime, int dosDate, long crc, long compressed,
                   long size, String name, byte[] extra, long externalAttrs, long offset) {
        int unixMode() {
            return (int) (externalAttrs >>> 16);
        }
    }

    /** Parses the central directory that the (non-Zip64) end record points to, {@code n} entries. */
    private static List<Central> centralDirectory(byte[] z) {
        int end = z.length - ZipWriter.END_LEN;
        assertEquals(ZipWriter.END_SIGNATURE, (int) u32(z, end));
        int n = u16(z, end + 10);
        long p = u32(z, end + 16);
        List<Central> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertEquals(ZipWriter.CENTRAL_HEADER_SIGNATURE, (int) u32(z, p));
            int nameLen = u16(z, p + 28), extraLen = u16(z, p + 30), commentLen = u16(z, p + 32);
            String name = new String(z, (int) p + 46, nameLen, StandardCharsets.UTF_8);
            byte[] extra = new byte[extraLen];
            System.arraycopy(z, (int) p + 46 + nameLen, extra, 0, extraLen);
            out.add(new Central(u16(z, p + 4), u16(z, p + 6), u16(z, p + 8), u16(z, p + 10), u16(z, p + 12),
                    u16(z, p + 14), u32(z, p + 16), u32(z, p + 20), u32(z, p + 24), name, extra, u32(z, p + 38),
                    u32(z, p + 42)));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }

    private static Path save(Path dir, byte[] zip) throws IOException {
        return Files.write(dir.resolve("t.zip"), zip);
    }

    private static byte[] sample() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter w = new ZipWriter(out);
        w.beginEntry(b("top/"), DIR_0755, MTIME);
        w.beginEntry(b("top/hello.txt"), FILE_0644, MTIME);
        w.write(b("hello, "), 0, 7);
        w.write(b("world\n"), 0, 6);
        w.beginEntry(b("top/link"), LINK_0777, MTIME);
        w.write(b("hello.txt"), 0, 9);
        w.beginEntry(b("top/grüße"), FileMode.of(NodeType.FILE, 0444) | FileMode.MODE_SETUID, MTIME);
        w.beginEntry(b("top/empty-dir/"), DIR_0755 | FileMode.MODE_STICKY, MTIME);
        w.finish();
        return out.toByteArray();
    }

    @Test
    void javaReadsBackNamesContentAndCrcOfStoredEntries() throws IOException {
        try (ZipFile zf = new ZipFile(save(tmp, sample()).toFile())) {
            List<String> names = Collections.list(zf.entries()).stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("top/", "top/hello.txt", "top/link", "top/grüße", "top/empty-dir/"), names);
            ZipEntry hello = zf.getEntry("top/hello.txt");
            assertEquals(ZipEntry.STORED, hello.getMethod());
            assertEquals(13, hello.getSize());
            assertEquals(13, hello.getCompressedSize());
            CRC32 crc = new CRC32();
            crc.update(b("hello, world\n"));
            assertEquals(crc.getValue(), hello.getCrc());
            assertEquals("hello, world\n", new String(zf.getInputStream(hello).readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("hello.txt", new String(zf.getInputStream(zf.getEntry("top/link")).readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, zf.getEntry("top/grüße").getSize());
            assertTrue(zf.getEntry("top/").isDirectory());
            assertEquals(MTIME.toEpochSecond(), hello.getLastModifiedTime().toInstant().getEpochSecond(),
                    "the extended timestamp: Unix seconds, the fraction dropped");
        }
    }

    @Test
    void theCentralDirectoryHoldsGosVersionsFlagsAndUnixModes() throws IOException {
        byte[] z = sample();
        List<Central> cd = centralDirectory(z);
        for (Central c : cd) {
            assertEquals(3 << 8 | 20, c.madeBy(), "made by Unix, version 2.0");
            assertEquals(20, c.needed());
            assertEquals(ZipWriter.METHOD_STORE, c.method());
            assertEquals(c.name().endsWith("/") ? 0 : ZipWriter.FLAG_DATA_DESCRIPTOR,
                    c.flags() & ZipWriter.FLAG_DATA_DESCRIPTOR, "directories are written without a data descriptor");
            assertArrayEquals(new byte[] {0x55, 0x54, 5, 0, 1, (byte) MTIME.toEpochSecond(), (byte) (MTIME.toEpochSecond() >> 8),
                    (byte) (MTIME.toEpochSecond() >> 16), (byte) (MTIME.toEpochSecond() >> 24)}, c.extra(), "extended timestamp, mtime only");
            assertEquals(5 / 2 + (4 << 5) + (3 << 11), c.dosTime(), "MS-DOS time: the wall clock in the time's own offset");
            assertEquals(2 + (1 << 5) + ((2022 - 1980) << 9), c.dosDate());
        }
        assertEquals(0040755, cd.get(0).unixMode());
        assertEquals(0x10, cd.get(0).externalAttrs() & 0xff, "MS-DOS directory bit");
        assertEquals(0100644, cd.get(1).unixMode());
        assertEquals(0, cd.get(1).externalAttrs() & 0xff);
        assertEquals(0120777, cd.get(2).unixMode());
        assertEquals(0104444, cd.get(3).unixMode(), "setuid kept");
        assertEquals(0x01, cd.get(3).externalAttrs() & 0xff, "MS-DOS read-only bit when the owner cannot write");
        assertEquals(0041755, cd.get(4).unixMode(), "sticky kept");
        assertEquals(ZipWriter.FLAG_UTF8, cd.get(3).flags() & ZipWriter.FLAG_UTF8, "a non-ASCII name sets the UTF-8 flag");
        assertEquals(0, cd.get(1).flags() & ZipWriter.FLAG_UTF8);
        assertEquals(13, cd.get(1).size());
        assertEquals(9, cd.get(2).size());
        assertEquals(0, cd.get(0).offset());
    }

    @Test
    void aFileIsALocalHeaderWithoutSizesItsDataAndADataDescriptor() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter w = new ZipWriter(out);
        w.beginEntry(b("a"), FILE_0644, MTIME);
        w.write(b("xyz"), 0, 3);
        w.finish();
        byte[] z = out.toByteArray();
        assertEquals(ZipWriter.LOCAL_HEADER_SIGNATURE, (int) u32(z, 0));
        assertEquals(20, u16(z, 4));
        assertEquals(ZipWriter.FLAG_DATA_DESCRIPTOR, u16(z, 6));
        assertEquals(0, u32(z, 14), "CRC-32 follows the data");
        assertEquals(0, u32(z, 18));
        assertEquals(0, u32(z, 22));
        assertEquals(1, u16(z, 26));
        assertEquals(9, u16(z, 28));
        int data = 30 + 1 + 9;
        assertEquals("xyz", new String(z, data, 3, StandardCharsets.US_ASCII));
        CRC32 crc = new CRC32();
        crc.update(b("xyz"));
        assertEquals(ZipWriter.DATA_DESCRIPTOR_SIGNATURE, (int) u32(z, data + 3));
        assertEquals(crc.getValue(), u32(z, data + 7));
        assertEquals(3, u32(z, data + 11));
        assertEquals(3, u32(z, data + 15));
        int cd = data + 3 + 16;
        assertEquals(cd + 46 + 1 + 9 + 22, z.length, "one central header, then the end record");
        assertEquals(1, u16(z, z.length - 22 + 8));
        assertEquals(1, u16(z, z.length - 22 + 10));
        assertEquals(46 + 1 + 9, u32(z, z.length - 22 + 12));
        assertEquals(cd, u32(z, z.length - 22 + 16));
    }

    @Test
    void theUtf8FlagFollowsGosDetection() {
        assertFalse(ZipWriter.requiresUtf8Flag(b("plain/name.txt")));
        assertTrue(ZipWriter.requiresUtf8Flag(b("tilde~")), "0x7e is not CP-437-safe");
        assertTrue(ZipWriter.requiresUtf8Flag(b("back\\slash")));
        assertTrue(ZipWriter.requiresUtf8Flag(b("tab\t")));
        assertTrue(ZipWriter.requiresUtf8Flag(b("naïve")));
        assertFalse(ZipWriter.requiresUtf8Flag(new byte[] {'x', (byte) 0xff}), "invalid UTF-8 is left unflagged");
        assertFalse(ZipWriter.requiresUtf8Flag(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}), "an encoded surrogate is invalid");
    }

    @Test
    void goZeroTimeWritesNoTimestamp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter w = new ZipWriter(out);
        w.beginEntry(b("d/"), DIR_0755, Node.ZERO_TIME);
        w.finish();
        Central c = centralDirectory(out.toByteArray()).getFirst();
        assertEquals(0, c.extra().length);
        assertEquals(0, c.dosTime());
        assertEquals(0, c.dosDate());
    }

    @Test
    void timesOutsideMsDosRangeAreTruncatedLikeGo() {
        OffsetDateTime old = OffsetDateTime.parse("1970-01-01T00:00:01Z");
        assertEquals((1 + (1 << 5) + ((1970 - 1980) << 9)) & 0xffff, ZipWriter.dosDate(old));
        byte[] x = ZipWriter.extendedTimestamp(OffsetDateTime.parse("2200-01-01T00:00:00Z"));
        long seconds = OffsetDateTime.parse("2200-01-01T00:00:00Z").toEpochSecond();
        assertEquals(seconds & 0xffff_ffffL, u32(x, 5), "Unix seconds cut to 32 bits");
    }

    @Test
    void goModeTypesMapToUnixTypes() {
        assertEquals(0010600, ZipWriter.unixMode(FileMode.MODE_NAMED_PIPE | 0600));
        assertEquals(0140600, ZipWriter.unixMode(FileMode.MODE_SOCKET | 0600));
        assertEquals(0060600, ZipWriter.unixMode(FileMode.MODE_DEVICE | 0600));
        assertEquals(0100600, ZipWriter.unixMode(FileMode.MODE_DEVICE | FileMode.MODE_CHAR_DEVICE | 0600),
                "Go's switch misses char devices: they become regular files");
        assertEquals(0102600, ZipWriter.unixMode(FileMode.MODE_SETGID | 0600));
    }

    @Test
    void dataForADirectoryIsAnError() throws IOException {
        ZipWriter w = new ZipWriter(new ByteArrayOutputStream());
        w.beginEntry(b("d/"), DIR_0755, MTIME);
        w.write(new byte[0], 0, 0);
        assertEquals("zip: write to directory", assertThrows(IOException.class, () -> w.write(b("x"), 0, 1)).getMessage());
    }

    @Test
    void sixtyFiveThousandFiveHundredThirtyFiveEntriesNeedTheZip64EndRecord() throws IOException {
        for (int n : new int[] {65534, 65535}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(10 << 20);
            ZipWriter w = new ZipWriter(out);
            for (int i = 0; i < n; i++) w.beginEntry(b(Integer.toString(i)), FILE_0644, MTIME);
            w.finish();
            byte[] z = out.toByteArray();
            int end = z.length - ZipWriter.END_LEN;
            if (n < 65535) {
                assertEquals(n, u16(z, end + 10));
                assertEquals(ZipWriter.DATA_DESCRIPTOR_SIGNATURE, (int) u32(z, (int) u32(z, end + 16) - 16));
            } else {
                assertEquals(0xffff, u16(z, end + 8));
                assertEquals(0xffff, u16(z, end + 10));
                assertEquals(0xffff_ffffL, u32(z, end + 12));
                assertEquals(0xffff_ffffL, u32(z, end + 16));
                int locator = end - ZipWriter.ZIP64_LOCATOR_LEN;
                int record = locator - ZipWriter.ZIP64_END_LEN;
                assertEquals(ZipWriter.ZIP64_LOCATOR_SIGNATURE, (int) u32(z, locator));
                assertEquals(record, u64(z, locator + 8));
                assertEquals(1, u32(z, locator + 16));
                assertEquals(ZipWriter.ZIP64_END_SIGNATURE, (int) u32(z, record));
                assertEquals(44, u64(z, record + 4));
                assertEquals(45, u16(z, record + 12));
                assertEquals(45, u16(z, record + 14));
                assertEquals(n, u64(z, record + 24));
                assertEquals(n, u64(z, record + 32));
                long cdOffset = u64(z, record + 48);
                assertEquals(record - cdOffset, u64(z, record + 40), "the directory ends where the Zip64 record starts");
                assertEquals(ZipWriter.CENTRAL_HEADER_SIGNATURE, (int) u32(z, cdOffset));
            }
            try (ZipFile zf = new ZipFile(save(tmp, z).toFile())) {
                assertEquals(n, zf.size());
                assertEquals(n - 1 + "", Collections.list(zf.entries()).getLast().getName());
            }
        }
    }

    /** Writes to a file, turning writes of {@link #ZEROS} into holes, so a 4 GiB entry costs no disk space. */
    private static final class SparseFile extends OutputStream {
        static final byte[] ZEROS = new byte[1 << 20];
        final FileChannel ch;

        SparseFile(Path p) throws IOException {
            ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (b == ZEROS) {
                ch.position(ch.position() + len);
                return;
            }
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) ch.write(buf);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Test
    void anEntryOfFourGibibytesHasZip64SizesAndTheOnesAfterItZip64Offsets() throws IOException {
        long size = 4L << 30;
        Path file = tmp.resolve("big.zip");
        CRC32 crc = new CRC32();
        try (SparseFile out = new SparseFile(file)) {
            ZipWriter w = new ZipWriter(out);
            w.beginEntry(b("big"), FILE_0644, MTIME);
            for (long n = 0; n < size; n += SparseFile.ZEROS.length) {
                w.write(SparseFile.ZEROS, 0, SparseFile.ZEROS.length);
                crc.update(SparseFile.ZEROS);
            }
            w.beginEntry(b("small"), FILE_0644, MTIME);
            w.write(b("after"), 0, 5);
            w.finish();
        }
        long bigData = 30 + 3 + 9;
        long smallHeader = bigData + size + ZipWriter.DATA_DESCRIPTOR64_LEN;
        long cdStart = smallHeader + 30 + 5 + 9 + 5 + ZipWriter.DATA_DESCRIPTOR_LEN;
        byte[] descriptor = new byte[ZipWriter.DATA_DESCRIPTOR64_LEN];
        byte[] tail;
        try (FileChannel ch = FileChannel.open(file)) {
            ch.read(ByteBuffer.wrap(descriptor), bigData + size);
            tail = new byte[(int) (ch.size() - cdStart)];
            ch.read(ByteBuffer.wrap(tail), cdStart);
        }
        assertEquals(ZipWriter.DATA_DESCRIPTOR_SIGNATURE, (int) u32(descriptor, 0));
        assertEquals(crc.getValue(), u32(descriptor, 4));
        assertEquals(size, u64(descriptor, 8), "64-bit sizes in the descriptor");
        assertEquals(size, u64(descriptor, 16));

        long cd = 0;
        int nameLen = u16(tail, cd + 28);
        assertEquals(45, u16(tail, cd + 6), "Zip64 sizes need version 4.5");
        assertEquals(0xffff_ffffL, u32(tail, cd + 20));
        assertEquals(0xffff_ffffL, u32(tail, cd + 24));
        assertEquals(0, u32(tail, cd + 42));
        assertEquals(9 + 28, u16(tail, cd + 30), "extended timestamp, then the Zip64 extra field");
        long zip64 = cd + 46 + nameLen + 9;
        assertEquals(1, u16(tail, zip64));
        assertEquals(24, u16(tail, zip64 + 2));
        assertEquals(size, u64(tail, zip64 + 4));
        assertEquals(size, u64(tail, zip64 + 12));
        assertEquals(0, u64(tail, zip64 + 20));

        cd = zip64 + 28;
        assertEquals(ZipWriter.CENTRAL_HEADER_SIGNATURE, (int) u32(tail, cd));
        assertEquals(20, u16(tail, cd + 6), "a small file after a big one keeps version 2.0");
        assertEquals(0xffff_ffffL, u32(tail, cd + 24), "sizes in the Zip64 field too, as Go writes them");
        assertEquals(0xffff_ffffL, u32(tail, cd + 42), "its offset is past 4 GiB");
        assertEquals(smallHeader, u64(tail, cd + 46 + 5 + 9 + 20));

        int end = tail.length - ZipWriter.END_LEN;
        assertEquals(0xffff_ffffL, u32(tail, end + 16), "the directory starts past 4 GiB: Zip64 end record");
        int record = end - ZipWriter.ZIP64_LOCATOR_LEN - ZipWriter.ZIP64_END_LEN;
        assertEquals(ZipWriter.ZIP64_END_SIGNATURE, (int) u32(tail, record));
        assertEquals(2, u64(tail, record + 32));
        assertEquals(cdStart, u64(tail, record + 48));
        assertEquals(0xffff, u16(tail, end + 10), "once Zip64, Go writes all three end-record fields as their maximum");

        // The JDK's ZipFile rejects Go's Zip64 field (always all three values, even those that fit) unless run with
        // -Djdk.util.zip.disableZip64ExtraFieldValidation=true; Info-ZIP's unzip reads it.
        Assumptions.assumeTrue(new File("/usr/bin/unzip").canExecute(), "no unzip");
        String listing = run("/usr/bin/unzip", "-l", file.toString());
        assertTrue(listing.matches("(?s).*\\b" + size + " .* big\n.*"), listing);
        assertEquals("after", run("/usr/bin/unzip", "-p", file.toString(), "small"));
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return out;
    }
}

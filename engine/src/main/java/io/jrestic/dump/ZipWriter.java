package io.jrestic.dump;

import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip stream the way Go's {@code archive/zip} {@code Writer} writes entries created with
 * {@code CreateHeader} from a header holding a name, {@code SetMode} and {@code Modified} and the default method
 * (Store), which is what restic 0.14's {@code dump --archive zip} produces:
 * <ul>
 * <li>a local header without CRC and sizes (flag bit 3), the name, and an extended-timestamp extra field holding
 *     the modification time in seconds (none for Go's zero time); the MS-DOS date and time fields are the wall
 *     clock of the time in its recorded offset;</li>
 * <li>the stored data, then a data descriptor (signature, CRC-32, sizes; 64-bit sizes when either reaches
 *     0xffffffff);</li>
 * <li>directories (names ending in "/") get neither flag bit 3 nor data nor a descriptor;</li>
 * <li>the central directory: "version made by" Unix 2.0, the Unix mode in the upper half of the external
 *     attributes plus the MS-DOS directory and read-only bits, a Zip64 extra field (sizes and offset) when the sizes
 *     or the local header's offset do not fit in 32 bits;</li>
 * <li>the end record, preceded by the Zip64 end record and locator when the entry count, the directory's size or
 *     offset do not fit.</li>
 * </ul>
 * The UTF-8 flag (bit 11) is set, as Go sets it, when the name is valid UTF-8 and holds a byte outside
 * {@code 0x20..0x7d} or a backslash. Content is streamed; only the central directory's entries (name and a few
 * numbers each) stay in memory until {@link #finish()}. Not thread-safe.
 */
public final class ZipWriter {
    static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
    static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
    static final int END_SIGNATURE = 0x06054b50;
    static final int ZIP64_END_SIGNATURE = 0x06064b50;
    static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    static final int DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;
    static final int LOCAL_HEADER_LEN = 30;
    static final int CENTRAL_HEADER_LEN = 46;
    static final int END_LEN = 22;
    static final int DATA_DESCRIPTOR_LEN = 16;
    static final int DATA_DESCRIPTOR64_LEN = 24;
    static final int ZIP64_END_LEN = 56;
    static final int ZIP64_LOCATOR_LEN = 20;
    /** Version 2.0: what Go writes as "version needed"; 4.5 for entries with Zip64 sizes. */
    static final int VERSION_20 = 20;
    static final int VERSION_45 = 45;
    /** "Version made by": the upper byte is the host system, 3 = Unix. */
    static final int CREATOR_UNIX = 3 << 8;
    static final int FLAG_DATA_DESCRIPTOR = 0x8;
    static final int FLAG_UTF8 = 0x800;
    static final int METHOD_STORE = 0;
    static final int EXTRA_ZIP64 = 0x0001;
    /** Zip64 extra field: id, size, then uncompressed size, compressed size, local header offset. */
    static final int EXTRA_ZIP64_LEN = 2 + 2 + 3 * 8;
    static final int EXTRA_EXTENDED_TIMESTAMP = 0x5455;
    /** Extended timestamp extra field: id, size 5, flags (1 = modification time), the time in Unix seconds. */
    static final int EXTRA_EXTENDED_TIMESTAMP_LEN = 2 + 2 + 1 + 4;
    static final int EXTENDED_TIMESTAMP_MTIME = 1;
    static final int UINT16_MAX = 0xffff;
    static final long UINT32_MAX = 0xffff_ffffL;
    // Unix file type and mode bits in the upper half of the external attributes.
    static final int S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFLNK = 0xa000, S_IFIFO = 0x1000, S_IFSOCK = 0xc000;
    static final int S_IFBLK = 0x6000, S_IFCHR = 0x2000;
    static final int S_ISUID = 0x800, S_ISGID = 0x400, S_ISVTX = 0x200;
    // MS-DOS attributes in the low byte of the external attributes.
    static final int MSDOS_DIR = 0x10;
    static final int MSDOS_READ_ONLY = 0x01;

    /** What the central directory needs of an entry. */
    private record Entry(byte[] name, int flags, int dosTime, int dosDate, byte[] extra, int externalAttrs,
                         long offset, long crc, long size, boolean zip64Sizes) {
    }

    private final OutputStream out;
    private final List<Entry> entries = new ArrayList<>();
    private final CRC32 crc = new CRC32();
    private long written;
    /** The entry receiving data: a file whose descriptor is not written yet; null otherwise. */
    private Entry open;
    private long openSize;
    private boolean finished;

    public ZipWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Starts an entry, ending the previous one. A name ending in "/" is a directory, which takes no data.
     *
     * @param name     the entry's name, raw bytes, slash-separated and relative
     * @param goMode   the Go {@code os.FileMode} restic stores as the node's mode
     * @param modified the modification time; Go's zero time ({@link Node#ZERO_TIME}) writes none
     */
    public void beginEntry(byte[] name, int goMode, OffsetDateTime modified) throws IOException {
        if (finished) throw new IOException("zip: entry after the end of the archive");
        closeEntry();
        if (name.length > UINT16_MAX) throw new IOException("zip: FileHeader.Name too long");
        boolean directory = name.length > 0 && name[name.length - 1] == '/';
        int flags = (requiresUtf8Flag(name) ? FLAG_UTF8 : 0) | (directory ? 0 : FLAG_DATA_DESCRIPTOR);
        int dosTime = 0, dosDate = 0;
        byte[] extra = new byte[0];
        if (!isZero(modified)) {
            dosDate = dosDate(modified);
            dosTime = dosTime(modified);
            extra = extendedTimestamp(modified);
        }
        Entry e = new Entry(name, flags, dosTime, dosDate, extra, externalAttributes(goMode), written, 0, 0, false);
        ByteBuffer b = buffer(LOCAL_HEADER_LEN);
        b.putInt(LOCAL_HEADER_SIGNATURE);
        b.putShort((short) VERSION_20);
        b.putShort((short) flags);
        b.putShort((short) METHOD_STORE);
        b.putShort((short) dosTime);
        b.putShort((short) dosDate);
        b.putInt(0); // CRC-32, compressed and uncompressed size: in the data descriptor
        b.putInt(0);
        b.putInt(0);
        b.putShort((short) name.length);
        b.putShort((short) extra.length);
        emit(b.array());
        emit(name);
        emit(extra);
        if (directory) {
            entries.add(e);
        } else {
            open = e;
            openSize = 0;
            crc.reset();
        }
    }

    /** Writes data of the current entry. */
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        if (open == null) throw new IOException(entries.isEmpty() ? "zip: write before an entry" : "zip: write to directory");
        crc.update(b, off, len);
        out.write(b, off, len);
        written += len;
        openSize += len;
    }

    /** Ends the archive: the last entry's descriptor, the central directory and the end records. Does not close the stream. */
    public void finish() throws IOException {
        if (finished) return;
        closeEntry();
        long start = written;
        for (Entry e : entries) writeCentralHeader(e);
        long end = written;
        long records = entries.size();
        long size = end - start;
        long offset = start;
        if (records >= UINT16_MAX || size >= UINT32_MAX || offset >= UINT32_MAX) {
            emit(zip64End(records, size, offset, end));
            records = UINT16_MAX;
            size = UINT32_MAX;
            offset = UINT32_MAX;
        }
        ByteBuffer b = buffer(END_LEN);
        b.putInt(END_SIGNATURE);
        b.putShort((short) 0); // number of this disk
        b.putShort((short) 0); // disk where the central directory starts
        b.putShort((short) records); // entries on this disk
        b.putShort((short) records); // entries in total
        b.putInt((int) size);
        b.putInt((int) offset);
        b.putShort((short) 0); // comment length
        emit(b.array());
        out.flush();
        finished = true;
    }

    /** Writes the open file's data descriptor and records it for the central directory. */
    private void closeEntry() throws IOException {
        if (open == null) return;
        Entry e = open;
        open = null;
        boolean zip64 = openSize >= UINT32_MAX;
        ByteBuffer b = buffer(zip64 ? DATA_DESCRIPTOR64_LEN : DATA_DESCRIPTOR_LEN);
        b.putInt(DATA_DESCRIPTOR_SIGNATURE);
        b.putInt((int) crc.getValue());
        if (zip64) {
            b.putLong(openSize); // compressed (stored) size
            b.putLong(openSize);
        } else {
            b.putInt((int) openSize);
            b.putInt((int) openSize);
        }
        emit(b.array());
        entries.add(new Entry(e.name, e.flags, e.dosTime, e.dosDate, e.extra, e.externalAttrs, e.offset,
                crc.getValue(), openSize, zip64));
    }

    private void writeCentralHeader(Entry e) throws IOException {
        boolean zip64 = e.zip64Sizes || e.offset >= UINT32_MAX;
        byte[] extra = e.extra;
        if (zip64) {
            ByteBuffer x = buffer(e.extra.length + EXTRA_ZIP64_LEN);
            x.put(e.extra);
            x.putShort((short) EXTRA_ZIP64);
            x.putShort((short) (EXTRA_ZIP64_LEN - 4));
            x.putLong(e.size); // uncompressed
            x.putLong(e.size); // compressed
            x.putLong(e.offset);
            extra = x.array();
        }
        ByteBuffer b = buffer(CENTRAL_HEADER_LEN);
        b.putInt(CENTRAL_HEADER_SIGNATURE);
        b.putShort((short) (CREATOR_UNIX | VERSION_20));
        b.putShort((short) (e.zip64Sizes ? VERSION_45 : VERSION_20));
        b.putShort((short) e.flags);
        b.putShort((short) METHOD_STORE);
        b.putShort((short) e.dosTime);
        b.putShort((short) e.dosDate);
        b.putInt((int) e.crc);
        b.putInt(zip64 ? (int) UINT32_MAX : (int) e.size); // compressed size
        b.putInt(zip64 ? (int) UINT32_MAX : (int) e.size); // uncompressed size
        b.putShort((short) e.name.length);
        b.putShort((short) extra.length);
        b.putShort((short) 0); // comment length
        b.putShort((short) 0); // disk number start
        b.putShort((short) 0); // internal attributes
        b.putInt(e.externalAttrs);
        b.putInt(e.offset > UINT32_MAX ? (int) UINT32_MAX : (int) e.offset);
        emit(b.array());
        emit(e.name);
        emit(extra);
    }

    /** The Zip64 end of central directory record and its locator. */
    static byte[] zip64End(long records, long size, long offset, long recordOffset) {
        ByteBuffer b = buffer(ZIP64_END_LEN + ZIP64_LOCATOR_LEN);
        b.putInt(ZIP64_END_SIGNATURE);
        b.putLong(ZIP64_END_LEN - 12); // the record's size without signature and this field
        b.putShort((short) VERSION_45); // version made by
        b.putShort((short) VERSION_45); // version needed
        b.putInt(0); // number of this disk
        b.putInt(0); // disk where the central directory starts
        b.putLong(records); // entries on this disk
        b.putLong(records); // entries in total
        b.putLong(size);
        b.putLong(offset);
        b.putInt(ZIP64_LOCATOR_SIGNATURE);
        b.putInt(0); // disk holding the Zip64 end record
        b.putLong(recordOffset);
        b.putInt(1); // number of disks
        return b.array();
    }

    /** Go's {@code SetMode}: the Unix mode in the upper 16 bits, MS-DOS directory and read-only bits below. */
    static int externalAttributes(int goMode) {
        int attrs = unixMode(goMode) << 16;
        if ((goMode & FileMode.MODE_DIR) != 0) attrs |= MSDOS_DIR;
        if ((goMode & 0200) == 0) attrs |= MSDOS_READ_ONLY;
        return attrs;
    }

    /**
     * Go's {@code fileModeToUnixMode}. Its switch compares the type bits exactly, so a character device (device
     * plus char-device bits) and an irregular file fall to the default: a regular file.
     */
    static int unixMode(int goMode) {
        int m = switch (goMode & FileMode.MODE_TYPE) {
            case FileMode.MODE_DIR -> S_IFDIR;
            case FileMode.MODE_SYMLINK -> S_IFLNK;
            case FileMode.MODE_NAMED_PIPE -> S_IFIFO;
            case FileMode.MODE_SOCKET -> S_IFSOCK;
            case FileMode.MODE_DEVICE -> (goMode & FileMode.MODE_CHAR_DEVICE) != 0 ? S_IFCHR : S_IFBLK;
            default -> S_IFREG;
        };
        if ((goMode & FileMode.MODE_SETUID) != 0) m |= S_ISUID;
        if ((goMode & FileMode.MODE_SETGID) != 0) m |= S_ISGID;
        if ((goMode & FileMode.MODE_STICKY) != 0) m |= S_ISVTX;
        return m | goMode & FileMode.MODE_PERM;
    }

    /** MS-DOS date: day, month, years since 1980 (bits 0-4, 5-8, 9-15), truncated to 16 bits as Go does. */
    static int dosDate(OffsetDateTime t) {
        return (t.getDayOfMonth() + (t.getMonthValue() << 5) + ((t.getYear() - 1980) << 9)) & UINT16_MAX;
    }

    /** MS-DOS time: seconds / 2, minute, hour (bits 0-4, 5-10, 11-15). */
    static int dosTime(OffsetDateTime t) {
        return (t.getSecond() / 2 + (t.getMinute() << 5) + (t.getHour() << 11)) & UINT16_MAX;
    }

    /** The extended timestamp extra field with the modification time in Unix seconds, truncated to 32 bits. */
    static byte[] extendedTimestamp(OffsetDateTime t) {
        ByteBuffer b = buffer(EXTRA_EXTENDED_TIMESTAMP_LEN);
        b.putShort((short) EXTRA_EXTENDED_TIMESTAMP);
        b.putShort((short) (EXTRA_EXTENDED_TIMESTAMP_LEN - 4));
        b.put((byte) EXTENDED_TIMESTAMP_MTIME);
        b.putInt((int) t.toEpochSecond());
        return b.array();
    }

    /**
     * Go's {@code detectUTF8}: the flag is set when the name is valid UTF-8 and needs it, i.e. holds a character
     * outside {@code 0x20..0x7d} or a backslash (which some code pages redefine).
     */
    static boolean requiresUtf8Flag(byte[] name) {
        boolean require = false;
        for (byte c : name) {
            if (c < 0x20 || c > 0x7d || c == '\\') require = true; // bytes >= 0x80 are negative
        }
        if (!require) return false;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(name));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isZero(OffsetDateTime t) {
        return t == null || t.toInstant().equals(Node.ZERO_TIME.toInstant());
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void emit(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }
}

package io.jrestic.dump;

import io.jrestic.tree.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tar stream the way Go's {@code archive/tar} writes it for a header of unspecified format, which is what
 * restic 0.14's {@code dump} produces: a plain USTAR header when every field fits (long ASCII names split into
 * prefix and name), otherwise a PAX extended header ({@code <dir>/PaxHeaders.0/<file>}) with the fields that do not
 * fit plus the caller's records, followed by the main header. Modification times are rounded to whole seconds.
 * In precise-time mode (not restic's behaviour) sub-second mtime, atime and ctime go into PAX records instead.
 * The stream ends with two zero blocks and no further padding, as Go's writer does.
 */
public final class TarWriter {
    static final int BLOCK = 512;
    // USTAR header layout (POSIX.1-1988): offset and length of each field.
    private static final int NAME = 0, NAME_LEN = 100;
    private static final int MODE = 100, UID = 108, GID = 116, ID_LEN = 8;
    private static final int SIZE = 124, MTIME = 136, NUM12_LEN = 12;
    private static final int CHKSUM = 148, CHKSUM_LEN = 8;
    private static final int TYPEFLAG = 156;
    private static final int LINKNAME = 157;
    private static final int MAGIC = 257, VERSION = 263;
    private static final int UNAME = 265, GNAME = 297, OWNER_LEN = 32;
    private static final int DEVMAJOR = 329, DEVMINOR = 337;
    private static final int PREFIX = 345, PREFIX_LEN = 155;
    private static final byte[] MAGIC_USTAR = {'u', 's', 't', 'a', 'r', 0};
    private static final byte[] VERSION_USTAR = {'0', '0'};
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final OutputStream out;
    private final boolean preciseTimes;
    private long remaining;
    private long padding;
    private boolean finished;

    public TarWriter(OutputStream out, boolean preciseTimes) {
        this.out = out;
        this.preciseTimes = preciseTimes;
    }

    /** Starts an entry; the previous one must have received all its {@code size} bytes. */
    public void writeHeader(TarHeader h) throws IOException {
        endEntry();
        Map<String, byte[]> pax = new TreeMap<>(Comparator.comparing((String k) -> k.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        boolean ustar = true;
        ustar &= checkString(h.name(), NAME_LEN, "path", true, pax);
        ustar &= checkString(h.linkname(), NAME_LEN, "linkpath", false, pax);
        ustar &= checkString(h.uname().getBytes(StandardCharsets.UTF_8), OWNER_LEN, "uname", false, pax);
        ustar &= checkString(h.gname().getBytes(StandardCharsets.UTF_8), OWNER_LEN, "gname", false, pax);
        ustar &= checkNumber(h.uid(), ID_LEN, "uid", pax);
        ustar &= checkNumber(h.gid(), ID_LEN, "gid", pax);
        ustar &= checkNumber(h.size(), NUM12_LEN, "size", pax);
        long mtime;
        if (preciseTimes) {
            mtime = isZero(h.mtime()) ? 0 : h.mtime().toEpochSecond();
            if (!isZero(h.mtime()) && (h.mtime().getNano() != 0 || !fitsOctal(NUM12_LEN, mtime))) {
                pax.put("mtime", ascii(paxTime(h.mtime().toEpochSecond(), h.mtime().getNano())));
                ustar = false;
            }
            for (var t : List.of(Map.entry("atime", h.atime() == null ? Node.ZERO_TIME : h.atime()),
                    Map.entry("ctime", h.ctime() == null ? Node.ZERO_TIME : h.ctime()))) {
                if (isZero(t.getValue())) continue;
                pax.put(t.getKey(), ascii(paxTime(t.getValue().toEpochSecond(), t.getValue().getNano())));
                ustar = false;
            }
        } else {
            // Go rounds the time to whole seconds when no format is asked for.
            mtime = isZero(h.mtime()) ? 0 : h.mtime().toEpochSecond() + (h.mtime().getNano() >= NANOS_PER_SECOND / 2 ? 1 : 0);
            if (!fitsOctal(NUM12_LEN, mtime)) {
                pax.put("mtime", ascii(Long.toString(mtime)));
                ustar = false;
            }
        }
        if (!h.paxRecords().isEmpty()) {
            for (var e : h.paxRecords().entrySet()) pax.putIfAbsent(e.getKey(), e.getValue());
            ustar = false;
        }
        byte typeflag = h.typeflag() == 0 ? (endsWithSlash(h.name()) ? TarHeader.TYPE_DIRECTORY : TarHeader.TYPE_REGULAR) : h.typeflag();
        byte[] block;
        if (ustar) {
            block = mainHeader(h, typeflag, mtime, false);
        } else {
            if (!pax.isEmpty()) writePaxHeader(h.name(), pax);
            block = mainHeader(h, typeflag, mtime, true);
        }
        out.write(block);
        remaining = h.isHeaderOnly() || typeflag == TarHeader.TYPE_DIRECTORY ? 0 : h.size();
        padding = -remaining & (BLOCK - 1);
    }

    /** Writes data of the current entry; more than its header's size is an error. */
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > remaining) throw new IOException("tar: write too long (" + len + " bytes, " + remaining + " left in the entry)");
        out.write(b, off, len);
        remaining -= len;
    }

    /** Ends the archive: pads the last entry and writes the two zero blocks. Does not close the stream. */
    public void finish() throws IOException {
        if (finished) return;
        endEntry();
        out.write(new byte[2 * BLOCK]);
        out.flush();
        finished = true;
    }

    private void endEntry() throws IOException {
        if (remaining > 0) throw new IOException("tar: missed writing " + remaining + " bytes of the entry");
        if (padding > 0) out.write(new byte[(int) padding]);
        padding = 0;
    }

    private byte[] mainHeader(TarHeader h, byte typeflag, long mtime, boolean pax) {
        byte[] b = new byte[BLOCK];
        byte[] name = h.name();
        if (!pax) {
            int split = splitUstar(name);
            if (split >= 0) {
                putString(b, PREFIX, PREFIX_LEN, Arrays.copyOf(name, split));
                name = Arrays.copyOfRange(name, split + 1, name.length);
            }
        }
        b[TYPEFLAG] = typeflag;
        putString(b, NAME, NAME_LEN, pax ? toAscii(name) : name);
        putString(b, LINKNAME, NAME_LEN, pax ? toAscii(h.linkname()) : h.linkname());
        putOctal(b, MODE, ID_LEN, h.mode());
        putOctal(b, UID, ID_LEN, h.uid());
        putOctal(b, GID, ID_LEN, h.gid());
        putOctal(b, SIZE, NUM12_LEN, h.size());
        putOctal(b, MTIME, NUM12_LEN, mtime);
        byte[] uname = h.uname().getBytes(StandardCharsets.UTF_8);
        byte[] gname = h.gname().getBytes(StandardCharsets.UTF_8);
        putString(b, UNAME, OWNER_LEN, pax ? toAscii(uname) : uname);
        putString(b, GNAME, OWNER_LEN, pax ? toAscii(gname) : gname);
        putOctal(b, DEVMAJOR, ID_LEN, 0);
        putOctal(b, DEVMINOR, ID_LEN, 0);
        seal(b);
        return b;
    }

    /** The extended header entry: its records sorted by key, named {@code <dir>/PaxHeaders.0/<file>}. */
    private void writePaxHeader(byte[] name, Map<String, byte[]> records) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (var e : records.entrySet()) data.writeBytes(paxRecord(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue()));
        byte[] entryName = toAscii(paxEntryName(name));
        if (entryName.length > NAME_LEN) entryName = Arrays.copyOf(entryName, NAME_LEN);
        int end = entryName.length;
        while (end > 0 && entryName[end - 1] == '/') end--;
        entryName = Arrays.copyOf(entryName, end);
        byte[] b = new byte[BLOCK];
        b[TYPEFLAG] = TarHeader.TYPE_PAX;
        putString(b, NAME, NAME_LEN, entryName);
        putOctal(b, MODE, ID_LEN, 0);
        putOctal(b, UID, ID_LEN, 0);
        putOctal(b, GID, ID_LEN, 0);
        putOctal(b, SIZE, NUM12_LEN, data.size());
        putOctal(b, MTIME, NUM12_LEN, 0);
        seal(b);
        out.write(b);
        data.writeTo(out);
        int pad = -data.size() & (BLOCK - 1);
        if (pad > 0) out.write(new byte[pad]);
    }

    /** Go's {@code path.Join(dir, "PaxHeaders.0", file)} for {@code dir, file = path.Split(name)}. */
    static byte[] paxEntryName(byte[] name) {
        int slash = name.length - 1;
        while (slash >= 0 && name[slash] != '/') slash--;
        List<byte[]> parts = new ArrayList<>();
        int dirEnd = slash;
        while (dirEnd > 0 && name[dirEnd - 1] == '/') dirEnd--;
        if (dirEnd > 0) parts.add(Arrays.copyOf(name, dirEnd));
        else if (slash == 0) parts.add(new byte[0]); // a rooted name keeps its leading slash
        parts.add("PaxHeaders.0".getBytes(StandardCharsets.US_ASCII));
        if (slash + 1 < name.length) parts.add(Arrays.copyOfRange(name, slash + 1, name.length));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) o.write('/');
            o.writeBytes(parts.get(i));
        }
        return o.toByteArray();
    }

    /** {@code "<len> key=value\n"}, where len counts the whole record including its own digits. */
    static byte[] paxRecord(byte[] key, byte[] value) {
        int size = key.length + value.length + 3;
        size += Integer.toString(size).length();
        int actual = Integer.toString(size).length() + key.length + value.length + 3;
        if (actual != size) size = actual; // adding the digits made the number one digit longer
        ByteArrayOutputStream o = new ByteArrayOutputStream(size);
        o.writeBytes(ascii(size + " "));
        o.writeBytes(key);
        o.write('=');
        o.writeBytes(value);
        o.write('\n');
        return o.toByteArray();
    }

    /** Go's PAX time: seconds, and a fraction without trailing zeros when there are nanoseconds. */
    static String paxTime(long seconds, int nanos) {
        if (nanos == 0) return Long.toString(seconds);
        String sign = "";
        if (seconds < 0) {
            sign = "-";
            seconds = -(seconds + 1);
            nanos = (int) (NANOS_PER_SECOND - nanos);
        }
        String s = sign + seconds + "." + String.format("%09d", nanos);
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    /** Whether USTAR can hold the field; if it cannot (or it is not ASCII), a PAX record is prepared. */
    private static boolean checkString(byte[] s, int size, String paxKey, boolean splittable, Map<String, byte[]> pax) {
        boolean tooLong = s.length > size;
        if (isAscii(s) && !tooLong) return true;
        pax.put(paxKey, s);
        return splittable && splitUstar(s) >= 0;
    }

    private static boolean checkNumber(long n, int size, String paxKey, Map<String, byte[]> pax) {
        if (fitsOctal(size, n)) return true;
        pax.put(paxKey, ascii(Long.toString(n)));
        return false;
    }

    /** Where a long ASCII name splits into USTAR prefix and name (index of the '/'), or -1. */
    static int splitUstar(byte[] name) {
        int length = name.length;
        if (length <= NAME_LEN || !isAscii(name)) return -1;
        if (length > PREFIX_LEN + 1) length = PREFIX_LEN + 1;
        else if (name[length - 1] == '/') length--;
        int i = length - 1;
        while (i >= 0 && name[i] != '/') i--;
        int nameLen = name.length - i - 1;
        if (i <= 0 || nameLen > NAME_LEN || nameLen == 0 || i > PREFIX_LEN) return -1;
        return i;
    }

    static boolean fitsOctal(int fieldLength, long x) {
        return x >= 0 && (fieldLength >= 22 || x < 1L << ((fieldLength - 1) * 3));
    }

    /** Octal digits with leading zeros and a NUL; 0 when the value does not fit (Go's formatter). */
    private static void putOctal(byte[] b, int off, int len, long x) {
        if (!fitsOctal(len, x)) x = 0;
        String s = Long.toOctalString(x);
        if (s.length() < len - 1) s = "0".repeat(len - 1 - s.length()) + s;
        putString(b, off, len, ascii(s));
    }

    /** Go's {@code formatString}: copied, truncated to the field, NUL-terminated if shorter. */
    private static void putString(byte[] b, int off, int len, byte[] s) {
        int n = Math.min(len, s.length);
        System.arraycopy(s, 0, b, off, n);
        if (s.length < len) {
            b[off + s.length] = 0;
        } else if (s.length > len && b[off + len - 1] == '/') {
            // a truncated name must not look like a directory
            int m = n - 1;
            while (m > 0 && b[off + m - 1] == '/') m--;
            b[off + m] = 0;
        }
    }

    /** Sets the USTAR magic and version, then the checksum (six octal digits, NUL, space). */
    private static void seal(byte[] b) {
        System.arraycopy(MAGIC_USTAR, 0, b, MAGIC, MAGIC_USTAR.length);
        System.arraycopy(VERSION_USTAR, 0, b, VERSION, VERSION_USTAR.length);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= CHKSUM && i < CHKSUM + CHKSUM_LEN) ? ' ' : b[i] & 0xff;
        putOctal(b, CHKSUM, CHKSUM_LEN - 1, sum);
        b[CHKSUM + CHKSUM_LEN - 1] = ' ';
    }

    private static boolean isAscii(byte[] s) {
        for (byte c : s) if (c < 0) return false;
        return true;
    }

    /** Go's {@code toASCII}: drops every byte of a non-ASCII character and NUL. */
    static byte[] toAscii(byte[] s) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(s.length);
        for (byte c : s) if (c > 0) o.write(c);
        return o.toByteArray();
    }

    private static boolean endsWithSlash(byte[] s) {
        return s.length > 0 && s[s.length - 1] == '/';
    }

    private static boolean isZero(OffsetDateTime t) {
        return t == null || t.toInstant().equals(Node.ZERO_TIME.toInstant());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.jrestic.dump;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * One tar entry's header fields, as Go's {@code tar.Header} holds them. Names are raw bytes.
 *
 * @param typeflag   {@link #TYPE_REGULAR}, {@link #TYPE_DIRECTORY}, {@link #TYPE_SYMLINK}, …
 * @param mode       permission bits plus {@code 04000}/{@code 02000}/{@code 01000}
 * @param mtime      modification time; {@code atime}/{@code ctime} are written only in precise-time mode
 * @param paxRecords extra PAX records, e.g. {@code SCHILY.xattr.user.x}; values are raw bytes
 */
public record TarHeader(byte typeflag, byte[] name, byte[] linkname, long mode, long uid, long gid, long size,
                        OffsetDateTime mtime, OffsetDateTime atime, OffsetDateTime ctime, String uname, String gname,
                        Map<String, byte[]> paxRecords) {
    public static final byte TYPE_REGULAR = '0';
    public static final byte TYPE_HARD_LINK = '1';
    public static final byte TYPE_SYMLINK = '2';
    public static final byte TYPE_DIRECTORY = '5';
    public static final byte TYPE_PAX = 'x';

    public TarHeader {
        Objects.requireNonNull(name, "name");
        linkname = linkname == null ? new byte[0] : linkname;
        uname = uname == null ? "" : uname;
        gname = gname == null ? "" : gname;
        paxRecords = paxRecords == null ? Map.of() : Map.copyOf(paxRecords);
    }

    /** Entries that never carry data, whatever their size field says. */
    boolean isHeaderOnly() {
        return typeflag == TYPE_HARD_LINK || typeflag == TYPE_SYMLINK || typeflag == TYPE_DIRECTORY
                || typeflag == '3' || typeflag == '4' || typeflag == '6';
    }
}

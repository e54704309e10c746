package io.jrestic.dump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The text form ({@code user::rw-,group::r--,other::r--}) of a Linux {@code system.posix_acl_*} attribute value,
 * for the {@code SCHILY.acl.*} PAX records restic's tar dump writes. The value is a little-endian u32 version,
 * then entries of u16 tag, u16 permissions, u32 ID.
 */
final class PosixAcl {
    private static final int HEADER = 4;
    private static final int ENTRY = 8;
    private static final int TAG_USER_OBJ = 0x01;
    private static final int TAG_USER = 0x02;
    private static final int TAG_GROUP_OBJ = 0x04;
    private static final int TAG_GROUP = 0x08;
    private static final int TAG_MASK = 0x10;
    private static final int TAG_OTHER = 0x20;

    private PosixAcl() {
    }

    /** The entries as text, or "" if the value has none. */
    static String text(byte[] value) {
        if (value.length < HEADER) return "";
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        b.position(HEADER);
        StringBuilder sb = new StringBuilder();
        while (b.remaining() >= ENTRY) {
            int tag = Short.toUnsignedInt(b.getShort());
            int perm = Short.toUnsignedInt(b.getShort());
            long id = Integer.toUnsignedLong(b.getInt());
            String entry = switch (tag) {
                case TAG_USER_OBJ -> "user::" + perm(perm);
                case TAG_USER -> "user:" + id + ":" + perm(perm);
                case TAG_GROUP_OBJ -> "group::" + perm(perm);
                case TAG_GROUP -> "group:" + id + ":" + perm(perm);
                case TAG_MASK -> "mask::" + perm(perm);
                case TAG_OTHER -> "other::" + perm(perm);
                default -> "";
            };
            sb.append(entry).append(',');
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ',') end--;
        return sb.substring(0, end);
    }

    private static String perm(int p) {
        return ((p & 4) != 0 ? "r" : "-") + ((p & 2) != 0 ? "w" : "-") + ((p & 1) != 0 ? "x" : "-");
    }
}

package io.jrestic.backend.gcs;

import io.jrestic.backend.ByteSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * The two checksums GCS verifies on upload, in the JSON API's encoding: {@code crc32c} is the base64 of the
 * big-endian CRC-32C, {@code md5} the base64 of the MD5 digest. Announcing them with an upload makes the server
 * reject the object if the bytes it received differ.
 */
record ContentHashes(String crc32c, String md5) {
    private static final int BUFFER_SIZE = 1 << 16;

    /** Hashes {@code content} in one pass over a fresh stream; {@code what} names it in messages. */
    static ContentHashes of(ByteSource content, String what) throws IOException {
        CRC32C crc = new CRC32C();
        MessageDigest md5 = newMd5();
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        try (InputStream in = content.forChecksum().open()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                total += n;
            }
        }
        if (total != content.length()) {
            throw new IOException("save " + what + ": the source yielded " + total + " bytes but announced " + content.length());
        }
        return new ContentHashes(encodeCrc32c((int) crc.getValue()), Base64.getEncoder().encodeToString(md5.digest()));
    }

    private static String encodeCrc32c(int crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Integer.BYTES).putInt(crc).array());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}

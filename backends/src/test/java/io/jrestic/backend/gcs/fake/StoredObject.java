package io.jrestic.backend.gcs.fake;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * One object generation held by {@link FakeGcsServer}, with its checksums in the JSON API's encoding (base64 of the
 * big-endian CRC-32C and of the MD5 digest).
 */
record StoredObject(String bucket, String name, byte[] data, long generation, String crc32c, String md5) {

    static StoredObject of(String bucket, String name, byte[] data, long generation) {
        return new StoredObject(bucket, name, data, generation, crc32c(data), md5(data));
    }

    static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static String md5(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.jrestic.id;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Id: hashing in pieces gives the digest of the whole. */
class IdTest {
    @Test
    void hashingARangeInPiecesIsTheSha256OfThatRange() throws Exception {
        byte[] data = new byte[3 * Id.HASH_PIECE + 123];
        new Random(5).nextBytes(data);
        byte[] whole = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOfRange(data, 7, data.length - 9));
        assertArrayEquals(whole, Id.hash(data, 7, data.length - 16).toBytes());

        MessageDigest md = Id.sha256();
        Id.update(md, data, 7, data.length - 16);
        assertEquals(Id.of(whole), Id.of(md));
    }
}

package io.jrestic.backend.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Rewraps the older private key encodings Go accepts as PKCS#8, the one the JDK's key factories read (RFC 5208:
 * {@code SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }}). Only the DER needed for that: lengths,
 * and the few tags of a SEC 1 key.
 */
final class Pkcs8 {
    /** {@code SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }}. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** {@code OID 1.2.840.10045.2.1} (id-ecPublicKey). */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    /** The context tag of a SEC 1 key's curve: {@code [0] EXPLICIT ECParameters}. */
    private static final int SEC1_PARAMETERS = 0xa0;

    private Pkcs8() {
    }

    /** A PKCS#1 {@code RSAPrivateKey} as PKCS#8. */
    static byte[] fromPkcs1(byte[] pkcs1) {
        return sequence(VERSION_0, RSA_ALGORITHM, tlv(OCTET_STRING, pkcs1));
    }

    /**
     * A SEC 1 {@code ECPrivateKey} as PKCS#8, its named curve moved into the algorithm identifier.
     *
     * @throws IllegalArgumentException if the key names no curve or is not DER
     */
    static byte[] fromSec1(byte[] sec1, String problem) {
        try {
            int[] outer = header(sec1, 0);
            if (sec1[0] != SEQUENCE) throw new IllegalArgumentException();
            int at = outer[0];
            int end = outer[0] + outer[1];
            while (at < end) {
                int[] h = header(sec1, at);
                if ((sec1[at] & 0xff) == SEC1_PARAMETERS) {
                    byte[] curve = Arrays.copyOfRange(sec1, h[0], h[0] + h[1]);
                    return sequence(VERSION_0, sequence(EC_PUBLIC_KEY, curve), tlv(OCTET_STRING, sec1));
                }
                at = h[0] + h[1];
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(problem + ": the EC private key is not DER", e);
        }
        throw new IllegalArgumentException(problem + ": the EC private key names no curve");
    }

    /** The offset of the contents and their length, for the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) return new int[] {at + 2, first};
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3) throw new IllegalArgumentException("unsupported DER length");
        int length = 0;
        for (int i = 0; i < bytes; i++) length = (length << 8) | (der[at + 2 + i] & 0xff);
        return new int[] {at + 2 + bytes, length};
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream contents = new ByteArrayOutputStream();
        for (byte[] part : parts) contents.writeBytes(part);
        return tlv(SEQUENCE, contents.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = contents.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(contents);
        return out.toByteArray();
    }
}

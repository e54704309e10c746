package io.jrestic.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

/** Our scrypt gives RFC 7914's test vectors, and BouncyCastle's results for other parameters, p above 1 included. */
class ScryptTest {
    private static byte[] scrypt(String password, String salt, int n, int r, int p, int length) {
        return Scrypt.derive(password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8), n, r, p,
                length);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void rfc7914Vectors() {
        assertArrayEquals(hex("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"), scrypt("", "", 16, 1, 1, 64));
        assertArrayEquals(hex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
                scrypt("password", "NaCl", 1024, 8, 16, 64));
        assertArrayEquals(hex("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
                scrypt("pleaseletmein", "SodiumChloride", 16384, 8, 1, 64));
    }

    @Test
    void pbkdf2MatchesRfc7914() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64)
        assertArrayEquals(hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
                Scrypt.pbkdf2Sha256("passwd".getBytes(StandardCharsets.UTF_8), "salt".getBytes(StandardCharsets.UTF_8), 64));
    }

    @Test
    void agreesWithBouncyCastleForOtherParameters() {
        Random random = new Random(7914);
        int[][] params = {{2, 1, 1}, {64, 3, 5}, {256, 2, 3}, {1024, 8, 4}, {32, 16, 2}};
        for (int[] np : params) {
            byte[] password = new byte[random.nextInt(100)]; // above 64 bytes the HMAC key is hashed first
            byte[] salt = new byte[64];
            random.nextBytes(password);
            random.nextBytes(salt);
            assertArrayEquals(SCrypt.generate(password, salt, np[0], np[1], np[2], 64),
                    Scrypt.derive(password, salt, np[0], np[1], np[2], 64), () -> java.util.Arrays.toString(np));
        }
    }
}

package io.jrestic.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** restic-format §4, with the golden key file of §4.5 (written for and opened by restic 0.14.0). */
class KeyFileTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PASSWORD = "restic-java".getBytes(StandardCharsets.UTF_8);
    private static final KdfParams GOLDEN_PARAMS = new KdfParams(1024, 8, 1);
    private static final String GOLDEN_PREFIX = "{\"created\":\"2024-01-02T03:04:05.000000006Z\",\"username\":\"user\","
            + "\"hostname\":\"host\",\"kdf\":\"scrypt\",\"N\":1024,\"r\":8,\"p\":1,"
            + "\"salt\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\",";
    private static final String GOLDEN = GOLDEN_PREFIX
            + "\"data\":\"UFFSU1RVVldYWVpbXF1eX8osDHlPe5dWK5Rlhy1aDOYFKncERtNaxY/cf6qqzcgsJs8Ybl6o5SpXp/dRk4syWeb3alrAq"
            + "BhNEkcDzIhfe/411fOaY+NzdClHXKO1H9IG8Wb9hDaHX/ikm88gMVWnu7uynKBENJgMH8sSrOLtqWKcl3uPbykMaA3tixctGZvKwJLAJ"
            + "ZxqXlZrrlXYfrWalQ==\"}";
    private static final OffsetDateTime GOLDEN_CREATED = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.UTC);

    @Test
    void goldenScryptOutput() {
        assertEquals("03e3aefdbe144659e2976abf91cce0392454332202c5a4435df238a76b3bac0dca4d7c3fd80becc2a51df73ab951a83ad7c2fc8b6395425af98e728af01725ef",
                HEX.formatHex(GOLDEN_PARAMS.derive(PASSWORD, range(0, 64))));
    }

    @Test
    void goldenKeyFileParsesAndIsNamedByItsHash() {
        KeyFile key = KeyFile.parse(bytes(GOLDEN));
        assertEquals(GOLDEN_CREATED, key.created());
        assertEquals("user", key.username());
        assertEquals("host", key.hostname());
        assertEquals("scrypt", key.kdf());
        assertEquals(GOLDEN_PARAMS, key.kdfParams());
        assertArrayEquals(range(0, 64), key.salt());
        assertEquals(GOLDEN, new String(key.toJson(), StandardCharsets.UTF_8));
        assertEquals("dd5ac8e2502b0589a9e24fd9066d13bfff655ae005502dda02bc68c2f09137b0", key.id().toString());
    }

    @Test
    void goldenKeyFileOpensToTheSpecMasterKey() throws AuthenticationException {
        CryptoKey master = KeyFile.parse(bytes(GOLDEN)).openMasterKey(PASSWORD);
        assertArrayEquals(range(0x00, 32), master.encryptionKey());
        assertArrayEquals(range(0x20, 16), master.macK());
        assertEquals("303132033435360738393a0b3c3d3e0f", HEX.formatHex(master.macR()));
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
        KeyFile key = KeyFile.parse(bytes(GOLDEN));
        assertThrows(AuthenticationException.class, () -> key.openMasterKey(bytes("restic-jav")));
    }

    @Test
    void masterKeyJsonIsRestics() {
        CryptoKey master = CryptoKey.of(range(0x00, 32), range(0x20, 16), range(0x30, 16));
        // restic 0.14 stores r clamped (its `cat masterkey` prints this form for the golden repository)
        assertEquals("{\"mac\":{\"k\":\"ICEiIyQlJicoKSorLC0uLw==\",\"r\":\"MDEyAzQ1Ngc4OToLPD0+Dw==\"},"
                + "\"encrypt\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
                new String(MasterKeyJson.encode(master), StandardCharsets.UTF_8));
        CryptoKey decoded = MasterKeyJson.decode(bytes("{\"mac\":{\"k\":\"ICEiIyQlJicoKSorLC0uLw==\","
                + "\"r\":\"MDEyMzQ1Njc4OTo7PD0+Pw==\"},\"encrypt\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}"));
        assertArrayEquals(master.macR(), decoded.macR());
        assertArrayEquals(master.encryptionKey(), decoded.encryptionKey());
    }

    @Test
    void invalidMasterKeyJsonIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MasterKeyJson.decode(bytes("{\"encrypt\":\"AAAA\"}")));
        assertThrows(IllegalArgumentException.class, () -> MasterKeyJson.decode(bytes("{\"mac\":{\"k\":\""
                + b64(new byte[16]) + "\",\"r\":\"" + b64(range(1, 16)) + "\"},\"encrypt\":\"" + b64(range(1, 32)) + "\"}")));
    }

    /** With the golden salt and IV, create() writes the golden file except for r, which it stores clamped. */
    @Test
    void createWithGivenSaltAndIvMatchesTheGoldenLayout() throws AuthenticationException {
        CryptoKey master = CryptoKey.of(range(0x00, 32), range(0x20, 16), range(0x30, 16));
        KeyFile key = KeyFile.create(master, PASSWORD, GOLDEN_PARAMS, "user", "host", GOLDEN_CREATED, range(0, 64),
                range(0x50, 16));
        String json = new String(key.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith(GOLDEN_PREFIX + "\"data\":\"UFFSU1RVVldYWVpbXF1eX8osDHlPe5dW"), json);
        assertNotEquals(GOLDEN, json);
        CryptoKey opened = KeyFile.parse(key.toJson()).openMasterKey(PASSWORD);
        assertArrayEquals(master.macR(), opened.macR());
    }

    @Test
    void createdKeyFileRoundTripsAndOpens() throws AuthenticationException {
        CryptoKey master = CryptoKey.random();
        OffsetDateTime created = OffsetDateTime.of(2025, 6, 7, 8, 9, 10, 123_456_000, ZoneOffset.ofHours(2));
        KeyFile key = KeyFile.create(master, PASSWORD, GOLDEN_PARAMS, "alice", "box", created);
        KeyFile parsed = KeyFile.parse(key.toJson());
        assertEquals(key, parsed);
        assertEquals(key.hashCode(), parsed.hashCode());
        assertEquals(64, parsed.salt().length);
        assertTrue(new String(key.toJson(), StandardCharsets.UTF_8).startsWith(
                "{\"created\":\"2025-06-07T08:09:10.123456+02:00\",\"username\":\"alice\",\"hostname\":\"box\",\"kdf\":\"scrypt\",\"N\":1024,\"r\":8,\"p\":1,\"salt\":\""));
        CryptoKey opened = parsed.openMasterKey(PASSWORD);
        assertArrayEquals(master.encryptionKey(), opened.encryptionKey());
        assertArrayEquals(master.macK(), opened.macK());
        assertArrayEquals(master.macR(), opened.macR());
    }

    @Test
    void unknownFieldsAreIgnoredAndNamesMatchCaseInsensitively() {
        String json = GOLDEN.replace("\"N\":1024", "\"n\":1024,\"extra\":{\"a\":[1,2]}");
        KeyFile key = KeyFile.parse(bytes(json));
        assertEquals(1024, key.n());
        assertEquals(GOLDEN, new String(key.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void truncatedOrGarbledJsonIsAnIllegalArgument() {
        for (int cut : new int[] {0, 1, 10, GOLDEN.length() / 2, GOLDEN.length() - 1}) {
            var e = assertThrows(IllegalArgumentException.class, () -> KeyFile.parse(bytes(GOLDEN.substring(0, cut))));
            assertTrue(e.getMessage().startsWith("invalid key file: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
        for (String garbled : new String[] {"[]", "null", "{\"N\":\"1024\"}", "{\"N\":1.5}", "{\"N\":99999999999}",
                "{\"salt\":\"not base64!\"}", "{\"created\":\"yesterday\"}", "{} {}", GOLDEN + "x"}) {
            assertThrows(IllegalArgumentException.class, () -> KeyFile.parse(bytes(garbled)), garbled);
        }
    }

    @Test
    void invalidKeyFilesAreRejectedBeforeDerivation() {
        KeyFile golden = KeyFile.parse(bytes(GOLDEN));
        byte[] salt = golden.salt(), data = golden.data();
        assertInvalid(new KeyFile(GOLDEN_CREATED, "u", "h", "argon2", 1024, 8, 1, salt, data), "unknown kdf");
        assertInvalid(new KeyFile(GOLDEN_CREATED, "u", "h", "scrypt", 1024, 8, 1, Arrays.copyOf(salt, 32), data), "salt");
        assertInvalid(new KeyFile(GOLDEN_CREATED, "u", "h", "scrypt", 1000, 8, 1, salt, data), "N must be");
        assertInvalid(new KeyFile(GOLDEN_CREATED, "u", "h", "scrypt", 1024, 0, 1, salt, data), "r must be");
        assertInvalid(new KeyFile(GOLDEN_CREATED, "u", "h", "scrypt", 1024, 8, 0, salt, data), "p must be");
        assertInvalid(new KeyFile(GOLDEN_CREATED, "u", "h", "scrypt", 1 << 21, 8, 1, salt, data), "N must be below");
        assertInvalid(new KeyFile(GOLDEN_CREATED, "u", "h", "scrypt", 1024, 8, 1, salt, Arrays.copyOf(data, 31)), "data");
        assertInvalid(KeyFile.parse(bytes("{}")), "unknown kdf");
    }

    @Test
    void kdfParamsFollowRestic() {
        assertEquals(new KdfParams(32768, 8, 1), KdfParams.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> new KdfParams(1, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new KdfParams(1024, 1 << 15, 1 << 15));
    }

    @Test
    void byteArraysAreCopied() {
        byte[] salt = range(0, 64);
        KeyFile key = new KeyFile(GOLDEN_CREATED, "u", "h", "scrypt", 1024, 8, 1, salt, new byte[32]);
        salt[0] = 9;
        key.salt()[1] = 9;
        assertArrayEquals(range(0, 64), key.salt());
    }

    private static void assertInvalid(KeyFile key, String messagePart) {
        var e = assertThrows(IllegalArgumentException.class, () -> key.openMasterKey(PASSWORD));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] range(int first, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (first + i);
        return b;
    }
}

package io.jrestic.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** restic-format §5, with the config of the golden repository (§4.5). */
class ConfigTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String GOLDEN_PLAINTEXT = "{\"version\":2,\"id\":\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\",\"chunker_polynomial\":\"3da3358b4dc173\"}";
    private static final String GOLDEN_FILE = "606162636465666768696a6b6c6d6e6fab80769b861a4dcbd60fc5ca7faca8d29fe27e0eb6ee4cce1525ab52e1e51ed4a48778a260b92738bd833c354db61bebdc3803f382eac09c3ae36dd0a18d76a203a38e35153a0b1e19f7b1f9c2b9bd7265f45b1f186ac2226dea27d21e4e46e96f377deb460a650213f3238bb02f2f138c7c750cf42f1a2c0db3c62321e94ff00872e2a2f331d28f1feb38";
    /** The master key of restic-format §3.3. */
    private static final CryptoKey MASTER = CryptoKey.of(range(0x00, 32), range(0x20, 16), range(0x30, 16));

    @Test
    void goldenConfigFileDecryptsParsesAndRoundTrips() throws AuthenticationException {
        byte[] plaintext = MASTER.open(HEX.parseHex(GOLDEN_FILE));
        assertEquals(GOLDEN_PLAINTEXT, new String(plaintext, StandardCharsets.UTF_8));
        Config config = Config.parse(plaintext);
        assertEquals(new Config(2, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0x3da3358b4dc173L), config);
        assertArrayEquals(plaintext, config.toJson());
        assertEquals(GOLDEN_FILE, HEX.formatHex(MASTER.sealWithIv(range(0x60, 16), config.toJson())));
    }

    @Test
    void polynomialIsWrittenLowercaseWithoutLeadingZerosAndReadInAnyCase() {
        Config config = Config.parse(bytes("{\"version\":1,\"id\":\"x\",\"chunker_polynomial\":\"003DA3358B4DC173\"}"));
        assertEquals(0x3da3358b4dc173L, config.chunkerPolynomial());
        assertEquals("{\"version\":1,\"id\":\"x\",\"chunker_polynomial\":\"3da3358b4dc173\"}",
                new String(config.toJson(), StandardCharsets.UTF_8));
        assertEquals("{\"version\":2,\"id\":\"\",\"chunker_polynomial\":\"ffffffffffffffff\"}",
                new String(new Config(2, "", -1L).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void versionsOutsideOneToTwoAreUnsupported() {
        for (String version : new String[] {"0", "3", "4294967298"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Config.parse(bytes(
                    "{\"version\":" + version + ",\"id\":\"x\",\"chunker_polynomial\":\"3da3358b4dc173\"}")));
            assertEquals("unsupported repository version " + version, e.getMessage());
        }
        var missing = assertThrows(IllegalArgumentException.class, () -> Config.parse(bytes("{\"id\":\"x\"}")));
        assertEquals("unsupported repository version 0", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Config(3, "x", 1));
        assertThrows(IllegalArgumentException.class, () -> Config.create(0, 1));
    }

    @Test
    void unknownFieldsAreIgnored() {
        Config config = Config.parse(bytes("{\"version\":2,\"id\":\"x\",\"chunker_polynomial\":\"3da3358b4dc173\","
                + "\"compression\":{\"mode\":\"auto\"},\"extra\":[1,2,3]}"));
        assertEquals(new Config(2, "x", 0x3da3358b4dc173L), config);
    }

    @Test
    void malformedConfigsAreRejectedWithOneLineMessages() {
        for (String bad : new String[] {"", "[]", "{\"version\":2", "{\"version\":\"2\"}", "{\"version\":-1}",
                "{\"version\":2.0}", "{\"version\":2,\"chunker_polynomial\":\"0x3da3\"}",
                "{\"version\":2,\"chunker_polynomial\":\"-1\"}", "{\"version\":2,\"chunker_polynomial\":\"\"}",
                "{\"version\":2,\"chunker_polynomial\":\"10000000000000000\"}",
                "{\"version\":2,\"chunker_polynomial\":3}", "{\"version\":2,\"id\":5}", "{\"version\":2} x"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Config.parse(bytes(bad)), bad);
            assertTrue(e.getMessage().startsWith("invalid config: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void createdConfigsHaveARandom64HexDigitId() {
        Config a = Config.create(Config.LATEST, 0x3da3358b4dc173L);
        Config b = Config.create(Config.VERSION_1, 0x3da3358b4dc173L);
        assertEquals(2, a.version());
        assertEquals(1, b.version());
        assertTrue(a.id().matches("[0-9a-f]{64}"), a.id());
        assertNotEquals(a.id(), b.id());
        assertEquals(a, Config.parse(a.toJson()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] range(int first, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (first + i);
        return b;
    }
}

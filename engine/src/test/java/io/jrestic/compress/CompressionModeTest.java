package io.jrestic.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompressionModeTest {
    @Test
    void parsesRestic014NamesInAnyCase() {
        assertEquals(CompressionMode.AUTO, CompressionMode.parse("auto"));
        assertEquals(CompressionMode.OFF, CompressionMode.parse("OFF"));
        assertEquals(CompressionMode.MAX, CompressionMode.parse("Max"));
    }

    @Test
    void rejectsOtherNamesNamingTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompressionMode.parse("fastest"));
        assertTrue(e.getMessage().contains("\"fastest\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompressionMode.parse(""));
    }

    @Test
    void autoIsTheFastLevelAndMaxAStrongOne() {
        assertEquals(1, CompressionMode.AUTO.level());
        assertEquals(11, CompressionMode.MAX.level());
        assertFalse(CompressionMode.OFF.compressesData());
        assertEquals("max", CompressionMode.MAX.cliName());
    }
}

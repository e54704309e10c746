package io.jrestic.backend.location;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptionsTest {

    @Test
    void parsesKeyValuePairsSplittingAtTheFirstEquals() {
        Map<String, String> options = Options.parse(List.of(
                "s3.region=eu-west-1", " local.connections = 4 ", "rest.url=http://h/?a=b", "s3.flag="));

        assertEquals(Map.of("s3.region", "eu-west-1", "local.connections", "4", "rest.url", "http://h/?a=b",
                "s3.flag", ""), options);
        assertEquals(List.of("s3.region", "local.connections", "rest.url", "s3.flag"), List.copyOf(options.keySet()));
    }

    @Test
    void rejectsOptionsWithoutKeyOrEquals() {
        IllegalArgumentException noEquals = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(List.of("s3.region")));
        assertEquals("invalid option \"s3.region\", expected key=value", noEquals.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("=value")));
    }

    @Test
    void aRepeatedKeyMustRepeatItsValue() {
        assertEquals(Map.of("a.b", "1"), Options.parse(List.of("a.b=1", "a.b=1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(List.of("a.b=1", "a.b=2")));
        assertEquals("option a.b given twice with different values (\"1\" and \"2\")", e.getMessage());
    }

    @Test
    void eachBackendSeesOnlyItsNamespaceWithoutThePrefix() {
        Map<String, String> options = Map.of("s3.region", "x", "local.connections", "3", "s3x.other", "y");

        assertEquals(Map.of("region", "x"), Options.forScheme(options, "s3"));
        assertEquals(Map.of("connections", "3"), Options.forScheme(options, "local"));
        assertEquals(Map.of(), Options.forScheme(options, "gs"));
    }
}

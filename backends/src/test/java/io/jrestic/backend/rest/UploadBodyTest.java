package io.jrestic.backend.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A save's body is exactly its announced length; anything else fails the read instead of ending it. */
class UploadBodyTest {
    private static final byte[] CONTENT = {1, 2, 3, 4, 5, 6, 7};

    @Test
    void contentOfTheAnnouncedLengthReadsThroughToTheEnd() throws IOException {
        UploadBody body = new UploadBody(new ByteArrayInputStream(CONTENT), CONTENT.length, "data/x");
        assertArrayEquals(CONTENT, body.readAllBytes());
        assertEquals(-1, body.read());
    }

    @Test
    void shorterContentFailsInsteadOfEnding() {
        UploadBody body = new UploadBody(new ByteArrayInputStream(CONTENT), CONTENT.length + 3, "data/x");
        IOException e = assertThrows(IOException.class, body::readAllBytes);
        assertEquals("data/x: the content ended 3 bytes before its announced length", e.getMessage());
    }

    @Test
    void longerContentFailsInsteadOfBeingCut() {
        UploadBody body = new UploadBody(new ByteArrayInputStream(CONTENT), CONTENT.length - 2, "data/x");
        IOException e = assertThrows(IOException.class, body::readAllBytes);
        assertEquals("data/x: the content is longer than its announced length", e.getMessage());
    }
}

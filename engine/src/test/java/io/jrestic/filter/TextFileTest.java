package io.jrestic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFileTest {
    @Test
    void linesEndAtNewlinesWithACarriageReturnDroppedAndALastLineNeedsNone() {
        assertEquals(List.of("a", " b ", "", "c\rd", "e"),
                TextFile.lines("a\n b \r\n\nc\rd\ne".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a"), TextFile.lines("a\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), TextFile.lines(new byte[0]));
    }

    @Test
    void patternsAreTrimmedWithoutBlankLinesAndComments() {
        assertEquals(List.of("a", "b c", "x#y"), TextFile.patterns(List.of("  a\t", "", "   ", "# note", "  #indented", "b c", "x#y")));
    }

    @Test
    void byteOrderMarksAreDroppedAndUtf16IsDecoded() {
        byte[] utf8 = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'x', '\n'};
        assertEquals(List.of("x"), TextFile.lines(utf8));
        byte[] utf16le = {(byte) 0xff, (byte) 0xfe, 'h', 0, (byte) 0xe9, 0, '\n', 0, 'z', 0};
        assertEquals(List.of("hé", "z"), TextFile.lines(utf16le));
        byte[] utf16be = {(byte) 0xfe, (byte) 0xff, 0, 'q', 0, '\r', 0, '\n'};
        assertEquals(List.of("q"), TextFile.lines(utf16be));
    }
}

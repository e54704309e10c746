package io.jrestic.filter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a text file of patterns or paths, as restic reads them ({@code textfile.Read} and Go's line scanner):
 * a UTF-8 byte order mark is dropped, a UTF-16 file (with its byte order mark) is decoded, lines end at {@code \n}
 * with a {@code \r} before it dropped, and a last line without a newline still counts. Lines are not trimmed.
 */
public final class TextFile {
    private TextFile() {
    }

    public static List<String> lines(Path file) throws IOException {
        return lines(Files.readAllBytes(file));
    }

    public static List<String> lines(byte[] data) {
        String text = decode(data);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            int cut = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, cut));
            start = end + 1;
        }
        return lines;
    }

    /**
     * The patterns of a file of them, as restic reads --exclude-file and --files-from: each line trimmed of white
     * space, blank lines and lines starting with '#' left out.
     */
    public static List<String> patterns(List<String> lines) {
        List<String> patterns = new ArrayList<>();
        for (String line : lines) {
            String pattern = line.strip();
            if (!pattern.isEmpty() && !pattern.startsWith("#")) patterns.add(pattern);
        }
        return patterns;
    }

    private static String decode(byte[] d) {
        if (d.length >= 3 && (d[0] & 0xff) == 0xef && (d[1] & 0xff) == 0xbb && (d[2] & 0xff) == 0xbf) {
            return new String(d, 3, d.length - 3, StandardCharsets.UTF_8);
        }
        boolean bigEndian = d.length >= 2 && (d[0] & 0xff) == 0xfe && (d[1] & 0xff) == 0xff;
        boolean littleEndian = d.length >= 2 && (d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xfe;
        if (bigEndian) return new String(d, 2, d.length - 2, StandardCharsets.UTF_16BE);
        if (littleEndian) return new String(d, 2, d.length - 2, StandardCharsets.UTF_16LE);
        return new String(d, StandardCharsets.UTF_8);
    }
}

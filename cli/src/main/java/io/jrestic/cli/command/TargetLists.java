package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.Printer;
import io.jrestic.cli.StandardInput;
import io.jrestic.filter.FileGlob;
import io.jrestic.filter.TextFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * backup's lists of targets, as restic reads them, each from a file or from standard input ("-"):
 * {@code --files-from} (one pattern per line, trimmed, blank lines and '#' comments skipped, globs expanded),
 * {@code --files-from-verbatim} (one path per line, taken as written, blank lines skipped) and
 * {@code --files-from-raw} (paths each ending in a NUL byte, as {@code find -print0} writes them).
 */
final class TargetLists {
    static final String STDIN = "-";

    private final StandardInput stdin;
    private final Printer printer;

    TargetLists(StandardInput stdin, Printer printer) {
        this.stdin = stdin;
        this.printer = printer;
    }

    /** The targets of every list, in restic's order: --files-from, then verbatim, then raw. */
    List<String> read(List<String> patternLists, List<String> verbatimLists, List<String> rawLists) {
        List<String> targets = new ArrayList<>();
        for (String list : patternLists) {
            for (String pattern : TextFile.patterns(TextFile.lines(bytes(list)))) {
                List<String> expanded;
                try {
                    expanded = FileGlob.expand(pattern);
                } catch (IllegalArgumentException e) {
                    throw new CliException("pattern: " + pattern + ": syntax error in pattern");
                }
                if (expanded.isEmpty()) printer.warn("pattern \"" + pattern + "\" does not match any files, skipping");
                targets.addAll(expanded);
            }
        }
        for (String list : verbatimLists) {
            for (String line : TextFile.lines(bytes(list))) {
                if (!line.isEmpty()) targets.add(line);
            }
        }
        for (String list : rawLists) targets.addAll(nulTerminated(bytes(list)));
        return targets;
    }

    private static List<String> nulTerminated(byte[] data) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != 0) continue;
            // an empty name would become "." downstream: never what a listing meant
            if (i == start) throw new CliException("--files-from-raw: empty filename in listing");
            names.add(new String(data, start, i - start, StandardCharsets.UTF_8));
            start = i + 1;
        }
        if (start < data.length) throw new CliException("--files-from-raw: trailing zero byte missing");
        return names;
    }

    private byte[] bytes(String list) {
        try {
            if (list.equals(STDIN)) return stdin.stream().readAllBytes();
            return Files.readAllBytes(Path.of(list));
        } catch (NoSuchFileException e) {
            throw new CliException("open " + list + ": no such file or directory");
        } catch (IOException e) {
            throw new CliException("unable to read " + list + ": " + e.getMessage());
        }
    }
}

package io.jrestic.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of directory trees: a repository prepared once, for tests that each need a fresh or a damaged one. */
public final class DirectoryTrees {
    private DirectoryTrees() {
    }

    /** Copies {@code from} with everything below it to {@code to}, which must not exist yet. */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) { // a directory always comes before what it holds
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}

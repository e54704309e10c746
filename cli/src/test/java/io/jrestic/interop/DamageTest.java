package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged repositories (each test damages its own copy): a flipped byte in a pack, a truncated pack, missing index
 * files. jrestic must fail with one line that names the pack and blob it could not read, without a stack trace,
 * and a restore must never leave a file with wrong bytes under its name.
 *
 * <p>Every source file is below restic's minimum chunk size, so it is exactly one data blob whose ID is the SHA-256
 * of its content: that maps blobs to files without any listing command.
 */
class DamageTest {
    private static final String PASSWORD = "damage";
    private static final int FILES = 8;

    @TempDir
    static Path shared;
    static Path src;
    static Path pristine;
    /** file name → its data blob ID. */
    static final Map<String, String> BLOB_OF_FILE = new LinkedHashMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void backUp() throws IOException {
        src = Files.createDirectory(shared.resolve("src"));
        for (int i = 0; i < FILES; i++) {
            byte[] content = Fixtures.randomBytes(100 + i, 100_000 + 37_000 * i);
            Fixtures.writeFile(src.resolve("file" + i), content);
            BLOB_OF_FILE.put("file" + i, HexFormat.of().formatHex(TreeComparison.sha256().digest(content)));
        }
        pristine = shared.resolve("repo");
        Jrestic jrestic = new Jrestic(pristine, PASSWORD);
        jrestic.run("init").ok();
        jrestic.run("backup", src.toString()).ok();
    }

    /** A blob's place in a pack, from the index. */
    record Location(String pack, long offset, long length) {
    }

    private Jrestic copy() throws IOException {
        Path repo = tmp.resolve("repo");
        try (Stream<Path> files = Files.walk(pristine)) {
            for (Path p : files.toList()) {
                Path to = repo.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return new Jrestic(repo, PASSWORD);
    }

    private static Location locate(Jrestic jrestic, String blob) {
        for (String index : jrestic.run("list", "index").ok().outLines()) {
            Map<String, Object> json = Json.object(jrestic.run("cat", "index", index).ok().out());
            for (Object p : (List<?>) json.get("packs")) {
                Map<?, ?> pack = (Map<?, ?>) p;
                for (Object b : (List<?>) pack.get("blobs")) {
                    Map<?, ?> entry = (Map<?, ?>) b;
                    if (blob.equals(entry.get("id"))) {
                        return new Location((String) pack.get("id"), ((Number) entry.get("offset")).longValue(),
                                ((Number) entry.get("length")).longValue());
                    }
                }
            }
        }
        throw new AssertionError("blob " + blob + " is in no index");
    }

    private static Path packFile(Jrestic jrestic, String pack) {
        return jrestic.repository().resolve("data").resolve(pack.substring(0, 2)).resolve(pack);
    }

    @Test
    void flippedByteInAPack() throws IOException {
        Jrestic jrestic = copy();
        String file = "file3";
        String blob = BLOB_OF_FILE.get(file);
        Location at = locate(jrestic, blob);
        try (RandomAccessFile f = new RandomAccessFile(packFile(jrestic, at.pack()).toFile(), "rw")) {
            long pos = at.offset() + at.length() / 2;
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x40);
        }
        assertFailsNaming(jrestic, file, blob, at.pack());
    }

    @Test
    void truncatedPack() throws IOException {
        Jrestic jrestic = copy();
        String file = "file" + (FILES - 1);
        String blob = BLOB_OF_FILE.get(file);
        Location at = locate(jrestic, blob);
        try (RandomAccessFile f = new RandomAccessFile(packFile(jrestic, at.pack()).toFile(), "rw")) {
            f.setLength(at.offset() + at.length() / 2);
        }
        assertFailsNaming(jrestic, file, blob, at.pack());
    }

    @Test
    void missingIndex() throws IOException {
        Jrestic jrestic = copy();
        String blob = BLOB_OF_FILE.get("file0");
        try (Stream<Path> files = Files.list(jrestic.repository().resolve("index"))) {
            for (Path p : files.toList()) Files.delete(p);
        }
        // restic 0.14 says just "Fatal: blob not found" here (the ID is on the command line); so does jrestic
        assertOneLineError(jrestic.run("cat", "blob", blob), List.of("not found"));

        String snapshot = jrestic.run("list", "snapshots").ok().outLines().getFirst();
        String tree = (String) Json.object(jrestic.run("cat", "snapshot", snapshot).ok().out()).get("tree");
        CommandResult dump = jrestic.run("dump", "latest", src + "/file0");
        assertOneLineError(dump, List.of(tree.substring(0, 8)));
        Path target = tmp.resolve("restored");
        assertRestoreFailsNaming(jrestic.run("restore", "latest", "--target", target.toString()), List.of(tree.substring(0, 8)));
        assertNoWrongFiles(target);
    }

    /** cat blob, dump and restore of the damaged blob fail with a line naming blob and pack. */
    private void assertFailsNaming(Jrestic jrestic, String file, String blob, String pack) throws IOException {
        List<String> names = List.of(blob.substring(0, 8), pack.substring(0, 8));
        assertOneLineError(jrestic.run("cat", "blob", blob), names);
        CommandResult dump = jrestic.run("dump", "latest", src + "/" + file);
        assertOneLineError(dump, names);
        Path target = tmp.resolve("restored");
        assertRestoreFailsNaming(jrestic.run("restore", "latest", "--target", target.toString()), names);
        assertNoWrongFiles(target);
        Path restored = Path.of(target + src.toString()).resolve(file);
        assertFalse(Files.exists(restored), "the damaged file is not restored under its name: " + restored);
    }

    /**
     * restore reports as restic does: one "ignoring error for PATH: …" line per item it could not restore, then
     * "Fatal: There were N errors". One of the lines must name everything in {@code mustName}.
     */
    private static void assertRestoreFailsNaming(CommandResult restore, List<String> mustName) {
        assertNotEquals(0, restore.exitCode(), restore::describe);
        assertNoStackTrace(restore);
        assertTrue(restore.errLines().stream().anyMatch(l -> mustName.stream().allMatch(l::contains)),
                () -> "no line names " + mustName + "\n" + restore.describe());
        assertTrue(restore.errLines().getLast().startsWith("Fatal: "), restore::describe);
    }

    private static void assertOneLineError(CommandResult r, List<String> mustName) {
        assertNotEquals(0, r.exitCode(), r::describe);
        assertNoStackTrace(r);
        assertEquals(1, r.errLines().size(), r::describe);
        for (String name : mustName) assertTrue(r.err().contains(name), () -> "does not name " + name + "\n" + r.describe());
    }

    private static void assertNoStackTrace(CommandResult r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::describe);
    }

    /** Every regular file under the restore target holds exactly its source's bytes. */
    private static void assertNoWrongFiles(Path target) throws IOException {
        Path restoredSrc = Path.of(target + src.toString());
        if (!Files.exists(restoredSrc)) return;
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(restoredSrc)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path source = src.resolve(restoredSrc.relativize(p).toString());
                if (!TreeComparison.sha256(Fixtures.raw(p)).equals(TreeComparison.sha256(Fixtures.raw(source)))) {
                    wrong.add(p.toString());
                }
            }
        }
        assertEquals(List.of(), wrong, "restored files with wrong contents");
    }
}

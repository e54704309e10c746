package io.jrestic.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrestic.backend.MemoryBackend;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.walker.SnapshotFixture;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumperTest {
    @TempDir
    Path tmp;
    Path src;
    Repository repo;
    Id root;
    byte[] big;

    @BeforeEach
    void backUp() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        big = new byte[1_500_000];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Path deep = Files.createDirectories(src.resolve("a".repeat(60) + "/" + "b".repeat(60)));
        Files.writeString(deep.resolve("long-path.txt"), "deep\n");
        Files.writeString(src.resolve("grüße.txt"), "non-ASCII name\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("big.bin"));
        repo = SnapshotFixture.newRepository(new MemoryBackend());
        Snapshot s = SnapshotFixture.backup(repo, src);
        root = s.tree();
    }

    private byte[] dump(String path) throws IOException {
        return dump(path, ArchiveFormat.TAR);
    }

    private byte[] dump(String path, ArchiveFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Dumper d = new Dumper(repo, format, false)) {
            d.dump(root, path, out);
        }
        return out.toByteArray();
    }

    @Test
    void aFileIsDumpedAsItsBytes() throws IOException {
        assertArrayEquals(big, dump(src.resolve("big.bin").toString()));
    }

    @Test
    void aFileIsItsBytesInZipFormatToo() throws IOException {
        assertArrayEquals(big, dump(src.resolve("big.bin").toString(), ArchiveFormat.ZIP));
    }

    @Test
    void aDirectoryIsAZipOfTheSameEntriesAsTheTar() throws IOException {
        String rel = src.toString().substring(1);
        Path zip = Files.write(tmp.resolve("d.zip"), dump(src.toString(), ArchiveFormat.ZIP));
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            String a = rel + "/" + "a".repeat(60) + "/";
            assertEquals(List.of(a, a + "b".repeat(60) + "/", a + "b".repeat(60) + "/long-path.txt", rel + "/big.bin",
                    rel + "/grüße.txt", rel + "/link"), Collections.list(zf.entries()).stream().map(ZipEntry::getName).toList());
            assertArrayEquals(big, zf.getInputStream(zf.getEntry(rel + "/big.bin")).readAllBytes(), "streamed blob by blob");
            assertEquals("big.bin", new String(zf.getInputStream(zf.getEntry(rel + "/link")).readAllBytes(), StandardCharsets.UTF_8),
                    "a symlink's target is its content");
        }
    }

    @Test
    void wrongPathsAreReportedLikeRestic() {
        String missing = src.resolve("nope").toString();
        assertEquals("path \"" + missing + "\" not found in snapshot",
                assertThrows(DumpPathException.class, () -> dump(missing)).getMessage());
        String link = src.resolve("link").toString();
        assertEquals("\"" + link + "\" should be a file, but is a \"symlink\"",
                assertThrows(DumpPathException.class, () -> dump(link)).getMessage());
        String below = src.resolve("big.bin/x").toString();
        assertEquals("\"" + src.resolve("big.bin") + "\" should be a dir, but is a \"file\"",
                assertThrows(DumpPathException.class, () -> dump(below)).getMessage());
    }

    private static String run(Path dir, byte[] stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    @Test
    void aDirectoryIsATarThatTarListsAndExtracts() throws IOException, InterruptedException {
        Assumptions.assumeTrue(new File("/usr/bin/tar").canExecute() || new File("/bin/tar").canExecute(), "no tar");
        byte[] archive = dump(src.toString());
        String rel = src.toString().substring(1);

        List<String> listed = run(tmp, archive, "tar", "-tf", "-").lines().toList();
        assertEquals(List.of(rel + "/" + "a".repeat(60) + "/", rel + "/" + "a".repeat(60) + "/" + "b".repeat(60) + "/",
                rel + "/" + "a".repeat(60) + "/" + "b".repeat(60) + "/long-path.txt", rel + "/big.bin",
                rel + "/grüße.txt", rel + "/link"), listed, "entries named by their snapshot path, without the leading slash");

        Path x = Files.createDirectories(tmp.resolve("x"));
        run(x, archive, "tar", "-xf", "-");
        Path out = x.resolve(rel);
        assertArrayEquals(big, Files.readAllBytes(out.resolve("big.bin")));
        assertEquals("non-ASCII name\n", Files.readString(out.resolve("grüße.txt")));
        assertEquals("deep\n", Files.readString(out.resolve("a".repeat(60) + "/" + "b".repeat(60) + "/long-path.txt")));
        assertEquals(Path.of("big.bin"), Files.readSymbolicLink(out.resolve("link")));
    }
}

package io.jrestic.backend.local;

import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalBackendTest {
    @TempDir
    Path repo;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A handle named, as real repository files are, by the hash of its content. */
    private static FileHandle handleFor(FileType type, byte[] content) {
        return FileHandle.of(type, Id.hash(content));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Set<String> listed(LocalBackend backend, FileType type) throws IOException {
        Set<String> names = new TreeSet<>();
        backend.list(type, info -> names.add(info.handle().name()));
        return names;
    }

    @Test
    void createMakesResticsLayoutWithAll256PackDirectories() throws IOException {
        LocalBackend backend = new LocalBackend(repo.resolve("new-repo"));
        backend.create();
        backend.create(); // idempotent

        Path root = repo.resolve("new-repo");
        for (String directory : List.of("keys", "locks", "snapshots", "index", "data", "data/00", "data/7f", "data/ff")) {
            assertTrue(Files.isDirectory(root.resolve(directory)), directory);
        }
        assertEquals(256, namesIn(root.resolve("data")).size());
        assertFalse(Files.exists(root.resolve("config")));
        assertFalse(backend.exists());
        assertEquals("rwx------", mode(root.resolve("data/ab")));
        assertEquals("rwx------", mode(root.resolve("keys")));
    }

    @Test
    void aSourceFileOnTheSameFileSystemIsLinkedIntoPlaceNotCopied() throws IOException {
        LocalBackend backend = new LocalBackend(repo.resolve("r"));
        backend.create();
        byte[] content = bytes("a pack spooled to a temporary file");
        Path spooled = Files.write(repo.resolve("spooled.tmp"), content);
        FileHandle h = handleFor(FileType.PACK, content);
        backend.save(h, ByteSource.ofFile(spooled, content.length));

        Path saved = repo.resolve("r").resolve(h.path());
        assertArrayEquals(content, backend.load(h));
        assertEquals(Files.getAttribute(spooled, "unix:ino"), Files.getAttribute(saved, "unix:ino"), "the same inode");
        assertEquals("r--------", mode(saved));
        assertTrue(Files.exists(spooled), "the source's owner deletes its own name");
        assertThrows(FileAlreadyExistsException.class, () -> backend.save(h, ByteSource.ofFile(spooled, content.length)));
    }

    @Test
    void savedFilesLoadWholeAndInRanges() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        backend.create();
        byte[] content = bytes("0123456789abcdef");
        FileHandle pack = handleFor(FileType.PACK, content);

        backend.save(pack, ByteSource.of(content));

        assertTrue(Files.isRegularFile(repo.resolve("data").resolve(pack.name().substring(0, 2)).resolve(pack.name())));
        assertArrayEquals(content, backend.load(pack));
        assertArrayEquals(bytes("456"), backend.loadRange(pack, 4, 3));
        try (InputStream toEnd = backend.openRange(pack, 10, 0)) {
            assertArrayEquals(bytes("abcdef"), toEnd.readAllBytes());
        }
        try (InputStream empty = backend.openRange(pack, content.length, 0)) {
            assertEquals(-1, empty.read());
        }
        assertEquals(new FileInfo(pack, content.length), backend.stat(pack));
    }

    @Test
    void configIsSavedAtTheRootAndMarksTheRepositoryAsExisting() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config bytes")));

        assertTrue(backend.exists());
        assertArrayEquals(bytes("config bytes"), Files.readAllBytes(repo.resolve("config")));
    }

    @Test
    void openRangeBeyondTheEndFailsNamingPathAndOffset() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        byte[] content = bytes("short");
        FileHandle index = handleFor(FileType.INDEX, content);
        backend.save(index, ByteSource.of(content));

        EOFException pastEnd = assertThrows(EOFException.class, () -> backend.openRange(index, 3, 10));
        assertTrue(pastEnd.getMessage().contains(repo.resolve(index.path()).toString()), pastEnd.getMessage());
        assertTrue(pastEnd.getMessage().contains("offset 3"), pastEnd.getMessage());
        assertThrows(EOFException.class, () -> backend.openRange(index, 6, 0));
        assertThrows(EOFException.class, () -> backend.loadRange(index, 5, 1));
    }

    @Test
    void listReturnsOnlyIdNamedFilesOfOneType() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        backend.create();
        List<FileHandle> packs = new ArrayList<>();
        for (String text : List.of("pack one", "pack two", "pack three")) {
            FileHandle pack = handleFor(FileType.PACK, bytes(text));
            backend.save(pack, ByteSource.of(bytes(text)));
            packs.add(pack);
        }
        FileHandle snapshot = handleFor(FileType.SNAPSHOT, bytes("snapshot"));
        backend.save(snapshot, ByteSource.of(bytes("snapshot")));
        Files.writeString(repo.resolve("snapshots/README"), "foreign file");
        Files.writeString(repo.resolve("data/README"), "not in a subdirectory");

        assertEquals(Set.of(snapshot.name()), listed(backend, FileType.SNAPSHOT));
        assertEquals(new TreeSet<>(packs.stream().map(FileHandle::name).toList()), listed(backend, FileType.PACK));
        assertEquals(Set.of(), listed(backend, FileType.INDEX));
        List<FileInfo> infos = new ArrayList<>();
        backend.list(FileType.SNAPSHOT, infos::add);
        assertEquals(List.of(new FileInfo(snapshot, "snapshot".length())), infos);
    }

    @Test
    void listOfAMissingDirectoryIsEmpty() throws IOException {
        LocalBackend backend = new LocalBackend(repo.resolve("nothing-here"));
        assertEquals(Set.of(), listed(backend, FileType.PACK));
        assertEquals(Set.of(), listed(backend, FileType.KEY));
    }

    @Test
    void tempFilesLeftByACrashAreNotListedAndDoNotBlockTheSave() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        backend.create();
        byte[] content = bytes("pack content");
        FileHandle pack = handleFor(FileType.PACK, content);
        Path crashed = repo.resolve(pack.path() + LocalBackend.TEMP_MARKER + "xyz");
        Files.write(crashed, bytes("half written"));
        FileHandle lock = handleFor(FileType.LOCK, bytes("lock"));
        Files.write(repo.resolve(lock.path() + "-tmp-123"), bytes("half"));

        assertEquals(Set.of(), listed(backend, FileType.PACK));
        assertEquals(Set.of(), listed(backend, FileType.LOCK));

        backend.save(pack, ByteSource.of(content));
        assertEquals(Set.of(pack.name()), listed(backend, FileType.PACK));
        assertArrayEquals(content, backend.load(pack));
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        byte[] content = bytes("original");
        FileHandle snapshot = handleFor(FileType.SNAPSHOT, content);
        backend.save(snapshot, ByteSource.of(content));

        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> backend.save(snapshot, ByteSource.of(bytes("replacement"))));
        assertTrue(e.getMessage().contains(repo.resolve(snapshot.path()).toString()), e.getMessage());
        assertArrayEquals(content, backend.load(snapshot));
        assertEquals(List.of(snapshot.name()), namesIn(repo.resolve("snapshots")));
    }

    @Test
    void concurrentSavesOfOneNameLetExactlyOneWin() throws Exception {
        LocalBackend backend = new LocalBackend(repo);
        backend.create();
        for (int round = 0; round < 20; round++) {
            FileHandle snapshot = handleFor(FileType.SNAPSHOT, bytes("round " + round));
            List<byte[]> contents = List.of(bytes("first writer " + round), bytes("second writer " + round));
            java.util.concurrent.atomic.AtomicInteger wins = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (byte[] content : contents) {
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        backend.save(snapshot, ByteSource.of(content));
                        wins.incrementAndGet();
                    } catch (FileAlreadyExistsException lost) {
                        // the expected outcome for one of the two
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            for (Thread writer : writers) writer.join();

            assertEquals(1, wins.get(), "round " + round);
            byte[] stored = backend.load(snapshot);
            assertTrue(contents.stream().anyMatch(c -> java.util.Arrays.equals(c, stored)));
        }
        assertEquals(20, namesIn(repo.resolve("snapshots")).size());
    }

    @Test
    void savedFilesAreReadOnlyAndNoTempFileRemains() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        backend.create();
        byte[] content = bytes("key file");
        FileHandle key = handleFor(FileType.KEY, content);
        backend.save(key, ByteSource.of(content));
        backend.save(FileHandle.CONFIG, ByteSource.of(bytes("config")));

        assertEquals("r--------", mode(repo.resolve(key.path())));
        assertEquals("r--------", mode(repo.resolve("config")));
        assertEquals(List.of(key.name()), namesIn(repo.resolve("keys")));
    }

    @Test
    void aGroupReadableConfigMakesNewFilesAndDirectoriesGroupAccessible() throws IOException {
        new LocalBackend(repo).save(FileHandle.CONFIG, ByteSource.of(bytes("config")));
        Files.setPosixFilePermissions(repo.resolve("config"), PosixFilePermissions.fromString("r--r-----"));

        LocalBackend shared = new LocalBackend(repo);
        byte[] content = bytes("a pack");
        FileHandle pack = handleFor(FileType.PACK, content);
        shared.save(pack, ByteSource.of(content));

        assertEquals("r--r-----", mode(repo.resolve(pack.path())));
        assertEquals("rwxrwx---", mode(repo.resolve(pack.path()).getParent()));
        assertEquals("rwxrwx---", mode(repo.resolve("data")));
    }

    @Test
    void missingDirectoriesAreCreatedOnDemandWithThePrivateMode() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        byte[] content = bytes("no create() first");
        FileHandle pack = handleFor(FileType.PACK, content);

        backend.save(pack, ByteSource.of(content));

        assertArrayEquals(content, backend.load(pack));
        assertEquals("rwx------", mode(repo.resolve(pack.path()).getParent()));
    }

    @Test
    void removeDeletesReadOnlyFilesAndIgnoresMissingOnes() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        byte[] content = bytes("lock");
        FileHandle lock = handleFor(FileType.LOCK, content);
        backend.save(lock, ByteSource.of(content));

        backend.remove(lock);
        backend.remove(lock);

        assertFalse(Files.exists(repo.resolve(lock.path())));
        assertEquals(Set.of(), listed(backend, FileType.LOCK));
    }

    @Test
    void statAndLoadOfAMissingFileNameThePath() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        FileHandle index = handleFor(FileType.INDEX, bytes("never saved"));

        NoSuchFileException stat = assertThrows(NoSuchFileException.class, () -> backend.stat(index));
        assertTrue(stat.getMessage().contains(repo.resolve(index.path()).toString()), stat.getMessage());
        NoSuchFileException load = assertThrows(NoSuchFileException.class, () -> backend.load(index));
        assertTrue(load.getMessage().contains(repo.resolve(index.path()).toString()), load.getMessage());
    }

    @Test
    void aFailedSaveLeavesNoFileBehind() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        backend.create();
        FileHandle pack = handleFor(FileType.PACK, bytes("whatever"));
        ByteSource failing = new ByteSource() {
            @Override
            public long length() {
                return 100;
            }

            @Override
            public InputStream open() {
                throw new AssertionError("writeTo is overridden");
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(new byte[40]);
                out.flush();
                throw new IOException("source broke");
            }
        };

        IOException e = assertThrows(IOException.class, () -> backend.save(pack, failing));

        assertTrue(e.getMessage().contains(repo.resolve(pack.path()).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("source broke"), e.getMessage());
        assertEquals(List.of(), namesIn(repo.resolve(pack.path()).getParent()));
    }

    @Test
    void aSourceShorterThanAnnouncedIsRejected() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        FileHandle index = handleFor(FileType.INDEX, bytes("index"));
        ByteSource lying = new ByteSource() {
            @Override
            public long length() {
                return 10;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(bytes("index"));
            }
        };

        IOException e = assertThrows(IOException.class, () -> backend.save(index, lying));

        assertTrue(e.getMessage().contains("5 bytes but announced 10"), e.getMessage());
        assertEquals(List.of(), namesIn(repo.resolve("index")));
    }

    @Test
    void aFullDiskIsReportedAsNoSpaceLeftOnDevice() throws IOException {
        LocalBackend backend = new LocalBackend(repo);
        FileHandle pack = handleFor(FileType.PACK, bytes("big"));
        ByteSource diskFull = new ByteSource() {
            @Override
            public long length() {
                return 3;
            }

            @Override
            public InputStream open() throws IOException {
                // what FileChannel.write throws on ENOSPC
                throw new IOException("No space left on device");
            }
        };

        IOException e = assertThrows(IOException.class, () -> backend.save(pack, diskFull));

        assertEquals("save " + repo.resolve(pack.path()) + ": no space left on device", e.getMessage());
        assertEquals(List.of(), namesIn(repo.resolve(pack.path()).getParent()));
    }

    @Test
    void locationAndConnections() throws IOException {
        assertEquals("local:" + repo, new LocalBackend(repo).location());
        assertEquals(2, new LocalBackend(repo).connections());
        assertEquals(5, new LocalBackend(repo, 5).connections());
        assertThrows(IllegalArgumentException.class, () -> new LocalBackend(repo, 0));
    }
}

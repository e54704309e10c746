package io.jrestic.cache;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache directory of one repository, laid out as restic lays it out: {@code <base>/CACHEDIR.TAG},
 * {@code <base>/<repository id>/version} (containing {@code 1}) and {@code <base>/<repository id>/<dir>/<xx>/<id>}
 * with {@code <dir>} one of {@code snapshots}, {@code index} and {@code data}.
 *
 * <p>Every cached file is named by the SHA-256 of its bytes, so a file that hashes to its name is valid forever and
 * one that does not is damage (a disk error, a foreign writer) and is deleted when found. Snapshot and index files
 * are hashed on every read; pack files, which are larger and read many times, once per process. Files appear
 * atomically (a temporary file renamed into place), so a crash never leaves a partial file under a valid name.
 * Thread-safe.
 */
public final class RepositoryCache {
    /** restic's cache directory tag, see https://bford.info/cachedir/. */
    public static final String TAG_FILE = "CACHEDIR.TAG";
    /** The tag file's content: exactly the signature line, as restic writes it. */
    public static final String TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55\n";
    /** The file holding the layout version of a repository's cache directory. */
    public static final String VERSION_FILE = "version";
    /** The layout version restic 0.14 writes and reads. */
    public static final int VERSION = 1;
    /** Prefix of files being written; they never have a valid ID as their name. */
    static final String TEMPORARY_PREFIX = "tmp-";
    /** Temporary files older than this are leftovers of a crashed process and are deleted when seen. */
    static final Duration STALE_TEMPORARY_AGE = Duration.ofHours(1);

    private static final Map<FileType, String> DIRECTORIES = new EnumMap<>(Map.of(
            FileType.SNAPSHOT, "snapshots",
            FileType.INDEX, "index",
            FileType.PACK, "data"));
    private static final String DIRECTORY_MODE = "rwx------";
    private static final String FILE_MODE = "rw-r--r--";

    private final Path base;
    private final Path directory;
    private final boolean created;
    /** Packs hashed since this process opened the cache; a later read of them skips the hash. */
    private final Set<String> verifiedPacks = ConcurrentHashMap.newKeySet();

    private RepositoryCache(Path base, Path directory, boolean created) {
        this.base = base;
        this.directory = directory;
        this.created = created;
    }

    /**
     * Opens (creating as needed) the cache of repository {@code repositoryId} below {@code base}, and marks it as
     * used now (restic's way of telling old caches apart: the directory's modification time).
     *
     * @throws IOException if the directory cannot be created, or was written by a newer cache layout
     */
    public static RepositoryCache open(Path base, String repositoryId) throws IOException {
        Objects.requireNonNull(base, "base");
        if (!Id.isValid(repositoryId)) {
            throw new IllegalArgumentException("invalid repository ID \"" + repositoryId + "\" for a cache directory");
        }
        createDirectories(base);
        writeTag(base);
        Path directory = base.resolve(repositoryId);
        boolean created = false;
        Path versionFile = directory.resolve(VERSION_FILE);
        if (Files.isRegularFile(versionFile)) {
            int version = readVersion(versionFile);
            if (version > VERSION) {
                throw new IOException(directory + ": cache version " + version + " is newer than " + VERSION);
            }
        } else {
            created = !Files.isDirectory(directory);
            createDirectories(directory);
            writeAtomically(directory, VERSION_FILE, Integer.toString(VERSION).getBytes(StandardCharsets.US_ASCII));
        }
        for (String sub : DIRECTORIES.values()) createDirectories(directory.resolve(sub));
        Files.setLastModifiedTime(directory, FileTime.from(Instant.now()));
        return new RepositoryCache(base, directory, created);
    }

    /** True for the file types restic caches: snapshots, index files and (tree) packs. */
    public static boolean caches(FileType type) {
        return DIRECTORIES.containsKey(type);
    }

    /** The base directory holding all repositories' caches. */
    public Path base() {
        return base;
    }

    /** This repository's cache directory, {@code <base>/<repository id>}. */
    public Path directory() {
        return directory;
    }

    /** True if {@link #open} created this repository's directory. */
    public boolean created() {
        return created;
    }

    /** Where {@code handle} is cached: {@code <dir>/<first two hex digits>/<id>}. */
    public Path path(FileHandle handle) {
        String dir = DIRECTORIES.get(handle.type());
        if (dir == null) throw new IllegalArgumentException(handle + ": " + handle.type().cliName() + " files are not cached");
        return directory.resolve(dir).resolve(handle.name().substring(0, 2)).resolve(handle.name());
    }

    /**
     * The cached bytes of a whole file, verified against its name, or null if the file is not cached. A cached copy
     * that does not match its name is deleted and reported as absent.
     */
    public byte[] load(FileHandle handle) throws IOException {
        Path path = path(handle);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!Id.hash(bytes).toString().equals(handle.name())) {
            Files.deleteIfExists(path);
            return null;
        }
        return bytes;
    }

    /**
     * The path of a cached file that matches its name, or null if it is not cached. A damaged copy is deleted;
     * packs are hashed on their first use in this process only.
     */
    public Path verified(FileHandle handle) throws IOException {
        Path path = path(handle);
        if (handle.type() == FileType.PACK && verifiedPacks.contains(handle.name())) {
            if (Files.isRegularFile(path)) return path;
            verifiedPacks.remove(handle.name());
            return null;
        }
        MessageDigest sha256 = Id.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!Id.of(sha256).toString().equals(handle.name())) {
            Files.deleteIfExists(path);
            return null;
        }
        if (handle.type() == FileType.PACK) verifiedPacks.add(handle.name());
        return path;
    }

    /**
     * Reads {@code length} bytes at {@code offset} of a cached file that {@link #verified} returned.
     *
     * @throws IOException naming the file if it is shorter than the range
     */
    public static byte[] readRange(Path path, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("cache: " + path + ": short read at offset " + offset + " ("
                            + buffer.position() + " of " + length + " bytes)");
                }
            }
        }
        return bytes;
    }

    /**
     * Stores {@code content} as {@code handle} if it hashes to the handle's name; otherwise stores nothing and fails.
     * An existing copy is replaced (equal names mean equal bytes).
     *
     * @throws IOException naming the file if the content does not match its name or cannot be written
     */
    public void save(FileHandle handle, InputStream content) throws IOException {
        Path target = path(handle);
        Path dir = target.getParent();
        createDirectories(dir);
        Path temporary = createTemporary(dir);
        try {
            MessageDigest sha256 = Id.sha256();
            try (OutputStream out = Files.newOutputStream(temporary)) {
                new DigestInputStream(content, sha256).transferTo(out);
            }
            if (!Id.of(sha256).toString().equals(handle.name())) {
                throw new IOException("cache: " + handle + ": content does not match its name, not cached");
            }
            moveIntoPlace(temporary, target);
            if (handle.type() == FileType.PACK) verifiedPacks.add(handle.name());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Removes a cached file; removing an uncached one is not an error. */
    public void remove(FileHandle handle) throws IOException {
        verifiedPacks.remove(handle.name());
        Files.deleteIfExists(path(handle));
    }

    /** The names of the cached files of {@code type}. */
    public Set<String> names(FileType type) throws IOException {
        Set<String> names = new HashSet<>();
        forEachFile(type, (file, name) -> {
            if (Id.isValid(name)) names.add(name);
        });
        return names;
    }

    /**
     * Deletes the cached files of {@code type} that are not in {@code keep} (the repository no longer has them),
     * and temporary files that crashed writers left behind.
     */
    public void retainOnly(FileType type, Set<String> keep) throws IOException {
        Instant staleBefore = Instant.now().minus(STALE_TEMPORARY_AGE);
        forEachFile(type, (file, name) -> {
            if (Id.isValid(name)) {
                if (!keep.contains(name)) {
                    verifiedPacks.remove(name);
                    Files.deleteIfExists(file);
                }
            } else if (name.startsWith(TEMPORARY_PREFIX)
                    && Files.getLastModifiedTime(file).toInstant().isBefore(staleBefore)) {
                Files.deleteIfExists(file);
            }
        });
    }

    @FunctionalInterface
    private interface FileAction {
        void accept(Path file, String name) throws IOException;
    }

    private void forEachFile(FileType type, FileAction action) throws IOException {
        String dir = DIRECTORIES.get(type);
        if (dir == null) return;
        Path root = directory.resolve(dir);
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path prefix : prefixes) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix, Files::isRegularFile)) {
                    for (Path file : files) action.accept(file, file.getFileName().toString());
                } catch (NoSuchFileException e) {
                    // removed by another process meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            // the type's directory was removed: nothing cached
        }
    }

    @Override
    public String toString() {
        return "cache:" + directory;
    }

    private static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(DIRECTORY_MODE)));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    private static void writeTag(Path base) throws IOException {
        Path tag = base.resolve(TAG_FILE);
        if (Files.exists(tag)) return;
        try {
            Files.writeString(tag, TAG_SIGNATURE, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // another process wrote it meanwhile
        }
    }

    private static int readVersion(Path versionFile) throws IOException {
        String text = Files.readString(versionFile, StandardCharsets.US_ASCII).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException(versionFile + ": invalid cache version \"" + text + "\"");
        }
    }

    private static void writeAtomically(Path dir, String name, byte[] bytes) throws IOException {
        Path temporary = createTemporary(dir);
        try {
            Files.write(temporary, bytes);
            moveIntoPlace(temporary, dir.resolve(name));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A new empty file in {@code dir} with restic's cache file mode, to be renamed into place. */
    private static Path createTemporary(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, TEMPORARY_PREFIX, "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE)));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, TEMPORARY_PREFIX, "");
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

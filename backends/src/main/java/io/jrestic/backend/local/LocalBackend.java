package io.jrestic.backend.local;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A repository in a local directory, in restic's layout (§2.2): {@code config}, {@code keys/}, {@code locks/},
 * {@code snapshots/}, {@code index/} and {@code data/00} … {@code data/ff}.
 *
 * <p>A save writes {@code <name>-tmp-<random>} beside the final file, fsyncs and closes it, makes it read-only and
 * then publishes it under its final name with a hard link, which fails instead of replacing an existing file; the
 * temporary name is removed and the directory fsynced. Where hard links are not available (some FAT, SMB or FUSE
 * mounts) it falls back to an existence check plus an atomic rename; a concurrent save of the same name can then
 * win the race between the two, which is harmless because every name but {@code config} is the hash of the content.
 * A crash leaves at most a temporary file, which {@link #list} skips because its name is not an ID.
 *
 * <p>Permissions follow restic: directories {@code 0700} and saved files {@code 0400}, or {@code 0770} and
 * {@code 0440} when the repository's config file is group-readable (decided when the backend is constructed).
 */
public final class LocalBackend implements Backend {
    public static final int DEFAULT_CONNECTIONS = 2;
    /** Separates the final name from the random suffix of a file being written, as restic does. */
    static final String TEMP_MARKER = "-tmp-";
    private static final int WRITE_BUFFER_SIZE = 1 << 16;
    private static final int PACK_SUBDIRECTORIES = 256;

    private final String location;
    private final Path root;
    private final int connections;
    private final boolean posix;
    private final LocalModes modes;
    /** Cleared once a save proved that this file system renames but cannot hard-link. */
    private volatile boolean hardLinks = true;

    public LocalBackend(Path root) throws IOException {
        this(root, DEFAULT_CONNECTIONS);
    }

    /** Opens the repository directory {@code root}; it need not exist yet (see {@link #create()}). */
    public LocalBackend(Path root, int connections) throws IOException {
        if (connections < 1) {
            throw new IllegalArgumentException("local:" + root + ": connections must be at least 1, not " + connections);
        }
        this.location = "local:" + root;
        this.root = root.toAbsolutePath().normalize();
        this.connections = connections;
        this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.modes = posix ? LocalModes.derivedFrom(this.root.resolve(FileHandle.CONFIG.path())) : LocalModes.PRIVATE;
    }

    /** The repository directory, absolute. */
    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public void create() throws IOException {
        for (FileType type : FileType.values()) {
            if (type != FileType.CONFIG) ensureDirectory(root.resolve(type.directory()));
        }
        Path data = root.resolve(FileType.PACK.directory());
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < PACK_SUBDIRECTORIES; i++) {
            ensureDirectory(data.resolve(hex.toHexDigits((byte) i)));
        }
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        Path target = file(handle);
        if (Files.exists(target)) throw alreadyExists(target);
        Path temp = null;
        try {
            if (content.file() != null && linkInPlace(target, content.file())) {
                syncDirectory(target.getParent());
                return;
            }
            temp = createTemp(target);
            write(temp, content);
            if (posix) Files.setPosixFilePermissions(temp, modes.saved());
            publish(temp, target);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw describe("save", target, e);
        } finally {
            if (temp != null) deleteQuietly(temp);
        }
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(handle + ": negative range " + offset + "+" + length);
        }
        Path path = file(handle);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw missing(path);
        } catch (IOException e) {
            throw describe("open", path, e);
        }
        try {
            long size = channel.size();
            long end = length == 0 ? size : offset + length;
            if (offset > size || end > size) {
                throw new EOFException(path + ": range at offset " + offset + (length == 0 ? "" : " of length " + length)
                        + " is beyond the end of the file (" + size + " bytes)");
            }
            return new FileRangeInputStream(channel, path, offset, end - offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        Path path = file(handle);
        try {
            return new FileInfo(handle, Files.readAttributes(path, BasicFileAttributes.class).size());
        } catch (NoSuchFileException e) {
            throw missing(path);
        } catch (IOException e) {
            throw describe("stat", path, e);
        }
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        Path path = file(handle);
        try {
            Files.deleteIfExists(path);
        } catch (AccessDeniedException e) {
            if (posix) throw e;
            // Windows refuses to delete read-only files; POSIX only asks for a writable directory.
            if (!path.toFile().setWritable(true)) throw e;
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw describe("remove", path, e);
        }
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        if (type == FileType.CONFIG) {
            listConfig(consumer);
            return;
        }
        Path directory = root.resolve(type.directory());
        if (type != FileType.PACK) {
            listFiles(directory, type, consumer);
            return;
        }
        // Like restic, look into every subdirectory of data/, not only the 256 expected ones.
        try (DirectoryStream<Path> subdirectories = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path subdirectory : subdirectories) {
                listFiles(subdirectory, type, consumer);
            }
        } catch (NoSuchFileException e) {
            // no data/ yet: an empty listing
        } catch (DirectoryIteratorException e) {
            throw describe("list", directory, e.getCause());
        }
    }

    private void listFiles(Path directory, FileType type, Consumer<FileInfo> consumer) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!Id.isValid(name)) continue; // temporary and foreign files
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // removed while we listed
                }
                if (attributes.isRegularFile()) {
                    consumer.accept(new FileInfo(new FileHandle(type, name), attributes.size()));
                }
            }
        } catch (NoSuchFileException e) {
            // a missing directory lists as empty
        } catch (DirectoryIteratorException e) {
            throw describe("list", directory, e.getCause());
        } catch (IOException e) {
            throw describe("list", directory, e);
        }
    }

    @Override
    public void close() {
        // nothing is held open between calls
    }

    @Override
    public String toString() {
        return location;
    }

    private Path file(FileHandle handle) {
        return root.resolve(handle.path());
    }

    /** Creates {@code directory} and missing parents with the repository's directory mode; no-op if it exists. */
    private void ensureDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) return;
        Path parent = directory.getParent();
        if (parent != null) ensureDirectory(parent);
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(directory)) return; // created concurrently
            throw describe("create directory", directory, e);
        } catch (IOException e) {
            throw describe("create directory", directory, e);
        }
        // Set explicitly: the mode given to mkdir would be narrowed by the umask.
        if (posix) Files.setPosixFilePermissions(directory, modes.directory());
    }

    /** Creates an empty, uniquely named temporary file beside {@code target}, creating its directory if missing. */
    private Path createTemp(Path target) throws IOException {
        Path directory = target.getParent();
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(modes.writing())}
                : new FileAttribute<?>[0];
        boolean directoryEnsured = false;
        while (true) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path temp = directory.resolve(target.getFileName() + TEMP_MARKER + suffix);
            try {
                return Files.createFile(temp, attributes);
            } catch (NoSuchFileException e) {
                if (directoryEnsured) throw e;
                ensureDirectory(directory);
                directoryEnsured = true;
            } catch (FileAlreadyExistsException e) {
                // an improbable collision of random suffixes: draw again
            }
        }
    }

    /** Writes all of {@code content}, checks its announced length and fsyncs. */
    private static void write(Path temp, ByteSource content) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_SIZE);
            content.writeTo(out);
            out.flush();
            long written = channel.size();
            if (written != content.length()) {
                throw new IOException("the source yielded " + written + " bytes but announced " + content.length());
            }
            channel.force(true);
        }
    }

    /**
     * Makes a source that is a file (a pack spooled to a temporary file) durable and links it into place, saving
     * the copy, when it lies on the repository's file system; false if it cannot, and the caller copies it. The
     * source's owner deletes its own name afterwards.
     */
    private boolean linkInPlace(Path target, Path file) throws IOException {
        if (!hardLinks || !onRepositoryFileSystem(file)) return false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        if (posix) Files.setPosixFilePermissions(file, modes.saved());
        boolean directoryEnsured = false;
        while (true) {
            try {
                Files.createLink(target, file);
                return true;
            } catch (FileAlreadyExistsException e) {
                throw alreadyExists(target);
            } catch (NoSuchFileException e) {
                if (directoryEnsured || !Files.exists(file)) throw e;
                ensureDirectory(target.getParent());
                directoryEnsured = true;
            } catch (UnsupportedOperationException | FileSystemException e) {
                return false;
            }
        }
    }

    private boolean onRepositoryFileSystem(Path file) {
        try {
            return Files.getAttribute(file, "unix:dev").equals(Files.getAttribute(root, "unix:dev"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private void publish(Path temp, Path target) throws IOException {
        if (hardLinks) {
            try {
                Files.createLink(target, temp);
                Files.delete(temp);
                return;
            } catch (FileAlreadyExistsException e) {
                throw alreadyExists(target);
            } catch (AccessDeniedException | NoSuchFileException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // No hard links here (e.g. EPERM on FAT): rename instead, and stop trying links if that works.
                renameIfAbsent(temp, target);
                hardLinks = false;
                return;
            }
        }
        renameIfAbsent(temp, target);
    }

    private static void renameIfAbsent(Path temp, Path target) throws IOException {
        // Not atomic with the rename; see the class comment for why the race is harmless.
        if (Files.exists(target)) throw alreadyExists(target);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the new directory entry durable. */
    private static void syncDirectory(Path directory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // platforms that cannot open a directory (Windows) cannot fsync one either
        }
        try (channel) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The save's own outcome matters more; a leftover temp file is skipped by list() and harmless.
        }
    }

    private static FileAlreadyExistsException alreadyExists(Path path) {
        return new FileAlreadyExistsException(path.toString(), null, "file already exists");
    }

    private static NoSuchFileException missing(Path path) {
        return new NoSuchFileException(path.toString(), null, "no such file");
    }

    /**
     * A one-line error naming the action and the path. Missing, existing and forbidden files keep their exception
     * types, which callers (and the retry layer) branch on.
     */
    static IOException describe(String action, Path path, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof FileAlreadyExistsException
                || e instanceof AccessDeniedException || e instanceof EOFException) {
            return e;
        }
        String reason = isNoSpace(e) ? "no space left on device" : reasonOf(e);
        return new IOException(action + " " + path + ": " + reason, e);
    }

    private static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) continue;
            String lower = message.toLowerCase(Locale.ROOT);
            // Linux and macOS strerror(ENOSPC); Windows ERROR_DISK_FULL
            if (lower.contains("no space left on device") || lower.contains("not enough space on the disk")) {
                return true;
            }
        }
        return false;
    }

    private static String reasonOf(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() == null ? "" : " (" + fse.getFile() + ")");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

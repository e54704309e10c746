package io.jrestic.repository;

import io.jrestic.concurrent.Futures;
import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.chunker.Polynomial;
import io.jrestic.compress.CompressionMode;
import io.jrestic.compress.UnpackedEncoding;
import io.jrestic.compress.Zstd;
import io.jrestic.config.Config;
import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.IndexFile;
import io.jrestic.index.MasterIndex;
import io.jrestic.key.KdfParams;
import io.jrestic.key.KeyFile;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A repository opened with its master key. Thread-safe.
 *
 * <p>Reading: {@link #loadUnpacked} for snapshots, index and lock files (decrypt, check the name is the hash,
 * decompress), {@link #loadBlob} for blobs through the {@link #index() master index}. Writing: {@link #saveUnpacked}
 * for small files, {@link #newBlobSaver()} for blobs. Every damage is reported as a
 * {@link RepositoryCorruptException} naming the file and blob.
 */
public final class Repository implements AutoCloseable {
    /** restic stops trying key files after this many (§4.4). */
    public static final int MAX_KEYS = 20;

    private final Backend backend;
    private final CryptoKey key;
    private final Id keyId;
    private final Config config;
    private final Polynomial polynomial;
    private final Settings settings;
    private volatile MasterIndex index = new MasterIndex();
    /** What saves wait for: done, unless a command holds its writes until its lock is confirmed. */
    private volatile CompletableFuture<?> writesAllowed = CompletableFuture.completedFuture(null);

    /** How this process writes: compression and pack size (not stored in the repository). */
    public record Settings(CompressionMode compression, int packSize) {
        public static final Settings DEFAULT = new Settings(CompressionMode.AUTO, (int) io.jrestic.pack.PackWriter.DEFAULT_TARGET_SIZE);

        public Settings {
            Objects.requireNonNull(compression);
            if (packSize < io.jrestic.pack.PackWriter.MIN_TARGET_SIZE || packSize > io.jrestic.pack.PackWriter.MAX_TARGET_SIZE) {
                throw new IllegalArgumentException("pack size " + (packSize >> 20) + " MiB is outside 4..128 MiB");
            }
        }
    }

    private Repository(Backend backend, CryptoKey key, Id keyId, Config config, Settings settings) throws RepositoryException {
        this.backend = backend;
        this.key = key;
        this.keyId = keyId;
        this.config = config;
        this.settings = settings;
        Polynomial p = Polynomial.of(config.chunkerPolynomial());
        if (!isValidPolynomial(p)) {
            throw new RepositoryCorruptException(backend.location() + ": config: invalid chunker polynomial " + p.toHex());
        }
        this.polynomial = p;
    }

    /** restic requires an irreducible polynomial; the chunker also cannot handle a degree above 53. */
    private static boolean isValidPolynomial(Polynomial p) {
        return p.degree() <= Polynomial.RANDOM_DEGREE && p.isIrreducible();
    }

    /**
     * Creates a new repository: the key file first, then the config (restic's order). Refuses a location that
     * already has a config, key files or snapshots.
     */
    public static Repository init(Backend backend, byte[] password, int version, Polynomial polynomial, KdfParams kdf,
                                  Settings settings) throws IOException {
        if (version != Config.VERSION_1 && version != Config.VERSION_2) {
            throw new RepositoryException("unsupported repository version " + version);
        }
        Polynomial pol = polynomial != null ? polynomial : Polynomial.random();
        if (!isValidPolynomial(pol)) {
            throw new RepositoryException("invalid chunker polynomial " + pol.toHex() + " for a new repository");
        }
        if (backend.exists()) {
            throw new RepositoryException(backend.location() + ": config file already exists");
        }
        backend.create();
        if (hasAny(backend, FileType.KEY) || hasAny(backend, FileType.SNAPSHOT)) {
            throw new RepositoryException(backend.location() + ": repository already contains keys or snapshots");
        }
        CryptoKey master = CryptoKey.random();
        Config config = Config.create(version, pol.value());
        Id keyId = saveKey(backend, master, password, kdf, null, null);
        backend.save(FileHandle.CONFIG, ByteSource.of(master.seal(config.toJson())));
        return new Repository(backend, master, keyId, config, settings);
    }

    /** Fails with {@link RepositoryNotFoundException} unless {@code backend} holds a repository (its config file). */
    public static void requireExists(Backend backend) throws IOException {
        if (!backend.exists()) {
            throw new RepositoryNotFoundException(backend.location() + ": repository does not exist (no config file); run init first");
        }
    }

    /** Opens a repository with a password, trying the hinted key first (§4.4). */
    public static Repository open(Backend backend, byte[] password, String keyHint, Settings settings) throws IOException {
        requireExists(backend);
        return openExisting(backend, password, keyHint, settings);
    }

    /**
     * {@link #open} for a caller that has just seen the config file with {@link #requireExists} (before asking for
     * the password, as restic does); one request less on a remote backend.
     */
    public static Repository openExisting(Backend backend, byte[] password, String keyHint, Settings settings)
            throws IOException {
        List<Id> keys = new ArrayList<>();
        backend.list(FileType.KEY, info -> keys.add(info.handle().id()));
        keys.sort(Comparator.naturalOrder());
        // The hinted key is tried on its own first; in the list it then counts like any other (restic's order).
        Id hinted = null;
        RepositoryCorruptException hintedDamage = null;
        if (keyHint != null && !keyHint.isEmpty()) {
            hinted = keys.stream().filter(k -> k.hasPrefix(keyHint)).findFirst().orElse(null);
            if (hinted != null) {
                try {
                    Repository repo = tryKey(backend, hinted, password, settings);
                    if (repo != null) return repo;
                } catch (RepositoryCorruptException e) {
                    hintedDamage = e; // fatal only when the search reaches this key in the list
                }
            }
        }
        int tried = 0;
        for (Id keyId : keys) {
            if (tried++ == MAX_KEYS) {
                throw new WrongPasswordException(backend.location() + ": wrong password or no key found (maximum number of keys reached)");
            }
            if (keyId.equals(hinted)) {
                if (hintedDamage != null) throw hintedDamage;
                continue; // already failed with this password
            }
            Repository repo = tryKey(backend, keyId, password, settings);
            if (repo != null) return repo;
        }
        throw new WrongPasswordException("wrong password or no key found");
    }

    /** Opens the repository with one key file, or returns null if the password does not open that key. */
    private static Repository tryKey(Backend backend, Id keyId, byte[] password, Settings settings) throws IOException {
        KeyFile keyFile = loadKeyFile(backend, keyId);
        CryptoKey master;
        try {
            master = keyFile.openMasterKey(password);
        } catch (AuthenticationException e) {
            return null; // wrong password for this key; the next may match
        } catch (IllegalArgumentException e) {
            throw new RepositoryCorruptException(backend.location() + ": key " + keyId.toShortString() + ": " + e.getMessage(), e);
        }
        return new Repository(backend, master, keyId, loadConfig(backend, master), settings);
    }

    /** Adds a key file for {@code password} wrapping this repository's master key. */
    public Id addKey(byte[] password, KdfParams kdf) throws IOException {
        return addKey(password, kdf, null, null);
    }

    /** Adds a key file recording {@code user} and {@code host} (null: this process's user and host). */
    public Id addKey(byte[] password, KdfParams kdf, String user, String host) throws IOException {
        return saveKey(backend, key, password, kdf, user, host);
    }

    public static KeyFile loadKeyFile(Backend backend, Id keyId) throws IOException {
        byte[] bytes = backend.load(FileHandle.of(FileType.KEY, keyId));
        try {
            return KeyFile.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new RepositoryCorruptException(backend.location() + ": keys/" + keyId + ": " + e.getMessage(), e);
        }
    }

    private static Id saveKey(Backend backend, CryptoKey master, byte[] password, KdfParams kdf, String user, String host)
            throws IOException {
        KeyFile keyFile = KeyFile.create(master, password, kdf, user != null ? user : SystemIdentity.userName(),
                host != null ? host : SystemIdentity.hostName(), OffsetDateTime.now());
        byte[] json = keyFile.toJson();
        Id id = Id.hash(json);
        backend.save(FileHandle.of(FileType.KEY, id), ByteSource.of(json));
        return id;
    }

    private static Config loadConfig(Backend backend, CryptoKey master) throws IOException {
        byte[] sealed = backend.load(FileHandle.CONFIG);
        byte[] plain;
        try {
            plain = master.open(sealed);
        } catch (AuthenticationException e) {
            throw new RepositoryCorruptException(backend.location() + ": config: config or key is damaged (" + e.getMessage() + ")");
        }
        try {
            return Config.parse(plain);
        } catch (IllegalArgumentException e) {
            throw new RepositoryCorruptException(backend.location() + ": config: " + e.getMessage(), e);
        }
    }

    private static boolean hasAny(Backend backend, FileType type) throws IOException {
        boolean[] any = {false};
        backend.list(type, info -> any[0] = true);
        return any[0];
    }

    public Backend backend() {
        return backend;
    }

    public Config config() {
        return config;
    }

    public int version() {
        return config.version();
    }

    public Polynomial polynomial() {
        return polynomial;
    }

    public Settings settings() {
        return settings;
    }

    /** The master key; for tools that must decrypt by hand (cat, check). */
    public CryptoKey key() {
        return key;
    }

    /** The key file this repository was opened with. */
    public Id keyId() {
        return keyId;
    }

    public MasterIndex index() {
        return index;
    }

    /** True if blobs of this type are stored compressed in this process (§7): v2 only; trees always. */
    public boolean compresses(BlobType type) {
        return config.version() >= Config.VERSION_2 && (type == BlobType.TREE || settings.compression() != CompressionMode.OFF);
    }

    // ---- unpacked files ----------------------------------------------------------------------------------------

    /** Loads, verifies (name = SHA-256 of the stored bytes, MAC) and decodes a snapshot, index or lock file. */
    public byte[] loadUnpacked(FileType type, Id id) throws IOException {
        FileHandle h = FileHandle.of(type, id);
        byte[] sealed = backend.load(h);
        if (!Id.hash(sealed).equals(id)) {
            throw new RepositoryCorruptException(backend.location() + ": " + h + ": content does not match its name (damaged file)");
        }
        byte[] plain;
        try {
            plain = key.open(sealed);
        } catch (AuthenticationException e) {
            throw new RepositoryCorruptException(backend.location() + ": " + h + ": " + e.getMessage());
        }
        try {
            return UnpackedEncoding.decode(plain, config.version());
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            // damaged zstd data or an unknown encoding byte: both are damage of this file
            throw new RepositoryCorruptException(backend.location() + ": " + h + ": " + e.getMessage(), e);
        }
    }

    /**
     * Holds every save but of lock files until {@code allowed} completes, and fails them with its failure if it
     * fails: a command that takes a lock overlaps restic's settle wait with reading and local work, and nothing
     * it does reaches the repository before the lock is confirmed (see
     * {@link io.jrestic.lock.RepositoryLock#confirmation()}).
     */
    public void holdWritesUntil(CompletableFuture<?> allowed) {
        writesAllowed = Objects.requireNonNull(allowed, "allowed");
    }

    /** Waits until files of {@code type} may be saved ({@link #holdWritesUntil}); lock files always may. */
    void awaitWritesAllowed(FileType type) throws IOException {
        if (type != FileType.LOCK) Futures.await(writesAllowed);
    }

    /** Encodes (v2: zstd), encrypts and saves a snapshot, index or lock file; returns its ID. */
    public Id saveUnpacked(FileType type, byte[] json) throws IOException {
        byte[] sealed = key.seal(UnpackedEncoding.encode(json, config.version()));
        Id id = Id.hash(sealed);
        awaitWritesAllowed(type);
        try {
            backend.save(FileHandle.of(type, id), ByteSource.of(sealed));
        } catch (FileAlreadyExistsException e) {
            // Same ID means same bytes: already stored.
        }
        return id;
    }

    /** Lists the IDs of all files of a type. */
    public List<Id> list(FileType type) throws IOException {
        List<Id> ids = new ArrayList<>();
        backend.list(type, info -> ids.add(info.handle().id()));
        return ids;
    }

    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        backend.list(type, consumer);
    }

    /**
     * Resolves a unique ID prefix among the files of a type (restic accepts any unique prefix on the command line).
     */
    public Id resolve(FileType type, String prefix) throws IOException {
        if (Id.isValid(prefix)) return Id.parse(prefix);
        List<Id> matches = new ArrayList<>();
        backend.list(type, info -> {
            if (info.handle().name().startsWith(prefix.toLowerCase(java.util.Locale.ROOT))) matches.add(info.handle().id());
        });
        if (matches.isEmpty()) throw new NoSuchFileException(prefix, null, "no matching ID found for prefix \"" + prefix + "\"");
        if (matches.size() > 1) throw new RepositoryException("multiple IDs with prefix \"" + prefix + "\" found");
        return matches.getFirst();
    }

    // ---- index ------------------------------------------------------------------------------------------------

    /** Loads every index file into a fresh master index, several files at once. */
    public MasterIndex loadIndex() throws IOException {
        List<Id> ids = list(FileType.INDEX);
        MasterIndex fresh = new MasterIndex();
        int threads = Math.max(1, Math.min(ids.size(), Math.max(backend.connections(), Runtime.getRuntime().availableProcessors())));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("index-load-", 0).factory())) {
            List<Future<IndexFile>> futures = new ArrayList<>();
            for (Id id : ids) futures.add(pool.submit(() -> loadIndexFile(id)));
            for (Future<IndexFile> f : futures) {
                IndexFile file = Futures.await(f);
                fresh.addIndexFile(file);
            }
        }
        fresh.compact();
        index = fresh;
        return fresh;
    }

    public IndexFile loadIndexFile(Id id) throws IOException {
        byte[] json = loadUnpacked(FileType.INDEX, id);
        try {
            IndexFile file = IndexFile.parse(json, backend.location() + ": index/" + id);
            if (config.version() < Config.VERSION_2) {
                for (io.jrestic.index.IndexPack p : file.packs()) {
                    for (PackBlob b : p.blobs()) {
                        if (b.uncompressedLength() != 0) {
                            throw new RepositoryCorruptException(backend.location() + ": index/" + id
                                    + ": index uses feature not supported by repository version 1");
                        }
                    }
                }
            }
            return file;
        } catch (io.jrestic.index.InvalidIndexException | IllegalArgumentException e) {
            throw new RepositoryCorruptException(e.getMessage(), e);
        }
    }

    // ---- blobs ------------------------------------------------------------------------------------------------

    /**
     * Loads a blob's plaintext, trying every copy the index knows until one verifies. The SHA-256 of the result
     * always equals {@code id}: a damaged copy is never returned.
     */
    public byte[] loadBlob(BlobType type, Id id) throws IOException {
        List<IndexEntry> entries = index.lookupAll(type, id);
        if (entries.isEmpty()) {
            throw new RepositoryCorruptException(backend.location() + ": " + type.jsonName() + " blob " + id + " not found in index");
        }
        RepositoryCorruptException first = null;
        for (IndexEntry e : entries) {
            try {
                return loadBlob(e);
            } catch (RepositoryCorruptException | NoSuchFileException ex) {
                if (first == null) {
                    first = ex instanceof RepositoryCorruptException rce ? rce
                            : new RepositoryCorruptException(backend.location() + ": " + ex.getMessage(), ex);
                }
            }
        }
        throw first;
    }

    /** Loads the blob at one index entry, verifying MAC, decompression and hash. */
    public byte[] loadBlob(IndexEntry entry) throws IOException {
        PackBlob b = entry.blob();
        FileHandle pack = FileHandle.of(FileType.PACK, entry.packId());
        byte[] envelope;
        try {
            envelope = backend.loadRange(pack, b.offset(), b.length());
        } catch (NoSuchFileException e) {
            throw new RepositoryCorruptException(backend.location() + ": " + pack + ": pack of " + b.type().jsonName()
                    + " blob " + b.id() + " does not exist");
        } catch (IOException e) {
            if (e instanceof RepositoryException) throw e;
            throw new RepositoryCorruptException(backend.location() + ": " + pack + ": cannot read " + b.type().jsonName()
                    + " blob " + b.id() + ": " + e.getMessage(), e);
        }
        return decodeBlob(pack, b, envelope, 0);
    }

    /** Decrypts, decompresses and verifies one blob whose envelope is at {@code buf[off, off + blob.length)}. */
    public byte[] decodeBlob(FileHandle pack, PackBlob b, byte[] buf, int off) throws RepositoryCorruptException {
        String where = backend.location() + ": " + pack + ": " + b.type().jsonName() + " blob " + b.id();
        byte[] plain;
        try {
            plain = key.open(buf, off, b.length());
        } catch (AuthenticationException e) {
            throw new RepositoryCorruptException(where + " at offset " + b.offset() + ": " + e.getMessage());
        }
        if (b.isCompressed()) {
            try {
                plain = Zstd.decompress(plain, 0, plain.length, b.uncompressedLength());
            } catch (io.jrestic.compress.DecompressionException | RuntimeException e) {
                throw new RepositoryCorruptException(where + ": decompression failed: " + e.getMessage(), e);
            }
        }
        if (!Id.hash(plain).equals(b.id())) {
            throw new RepositoryCorruptException(where + ": content hash does not match the blob ID");
        }
        return plain;
    }

    /** A decoder for bulk reads: {@link #decodeBlob}'s checks, into buffers reused from blob to blob. */
    public BlobDecoder newBlobDecoder() {
        return new BlobDecoder(key, backend.location());
    }

    /** Starts a write session: new blobs are packed, uploaded and indexed by the returned saver. */
    public BlobSaver newBlobSaver() {
        return new BlobSaver(this);
    }

    @Override
    public void close() throws IOException {
        backend.close();
    }

    @Override
    public String toString() {
        return "Repository[" + backend.location() + ", v" + config.version() + ", key " + keyId.toShortString() + "]";
    }
}

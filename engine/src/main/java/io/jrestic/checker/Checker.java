package io.jrestic.checker;

import io.jrestic.concurrent.Futures;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.config.Config;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.IndexFile;
import io.jrestic.index.IndexPack;
import io.jrestic.index.InvalidIndexException;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.repository.Repository;
import io.jrestic.repository.Snapshots;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.tree.GoQuote;
import io.jrestic.tree.Node;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * restic's {@code check} (restic-format §16), phase by phase, in restic's order:
 *
 * <ol>
 *   <li>{@link #listSnapshots()}: which snapshots exist, taken before the index is read (§15);</li>
 *   <li>{@link #loadIndex}: every index file; an unloadable one is an error after which restic stops;</li>
 *   <li>{@link #checkPacks}: indexed packs exist with the size the index implies; others are unreferenced;</li>
 *   <li>{@link #checkStructure}: every snapshot's trees load and are valid, every file's data blobs are indexed;</li>
 *   <li>{@link #checkUnusedBlobs} (optional): indexed blobs no snapshot uses;</li>
 *   <li>{@link #readPacks} (optional, {@code --read-data}): selected packs read and verified byte for byte.</li>
 * </ol>
 *
 * {@link #run} does all of it. Findings go to the listener as they are made, one call at a time. Not for
 * concurrent use by several threads; it runs its own worker threads, at most {@link Options#parallelism()}.
 */
public final class Checker {
    /** What to check beyond the default, and how many files to work on at once. */
    public record Options(boolean checkUnused, int parallelism) {
        public Options {
            if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }

        /** The default check, with as many workers as the backend wants connections. */
        public static Options forRepository(Repository repo) {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Options(false, Math.max(1, Math.min(repo.backend().connections(), 2 * cores)));
        }

        public Options withCheckUnused(boolean unused) {
            return new Options(unused, parallelism);
        }
    }

    /** Counts of what a check found. */
    public record Summary(int errors, int hints) {
        public boolean hasErrors() {
            return errors > 0;
        }
    }

    private final Repository repo;
    private final Options options;
    private final String location;
    private final MasterIndex index = new MasterIndex();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger hints = new AtomicInteger();
    private final Set<Id> checkedTrees = ConcurrentHashMap.newKeySet();
    private final Set<Id> usedData = ConcurrentHashMap.newKeySet();
    private List<Id> snapshotIds;
    private boolean indexLoaded;

    public Checker(Repository repo, Options options) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.options = Objects.requireNonNull(options, "options");
        this.location = repo.backend().location();
    }

    /** Runs every phase {@code options} asks for, reading the packs in {@code readData} (null: none). */
    public Summary run(PackSubset readData, java.util.Random random, CheckListener listener) throws IOException {
        listSnapshots();
        if (!loadIndex(listener)) return summary();
        checkPacks(listener);
        checkStructure(listener);
        if (options.checkUnused()) checkUnusedBlobs(listener);
        if (readData != null) readPacks(readData.select(packs(), random), listener);
        return summary();
    }

    public Summary summary() {
        return new Summary(errors.get(), hints.get());
    }

    /** The index the check built (complete after {@link #loadIndex}). */
    public MasterIndex index() {
        return index;
    }

    // ---- snapshots and index ----------------------------------------------------------------------------------

    /** Lists the snapshot files; done first so a snapshot saved meanwhile is not checked without its index. */
    public List<Id> listSnapshots() throws IOException {
        List<Id> ids = repo.list(FileType.SNAPSHOT);
        Collections.sort(ids);
        snapshotIds = ids;
        return ids;
    }

    /**
     * Loads every index file. Reports unloadable files (errors), packs described by several files (a hint if
     * the descriptions agree, an error if not), legacy-format files and packs with both data and tree blobs
     * (hints).
     *
     * @return false if an index file could not be loaded: the remaining phases would only report its packs as
     *         unreferenced and its blobs as missing, so restic stops here
     */
    public boolean loadIndex(CheckListener listener) throws IOException {
        CheckListener out = counting(listener);
        List<Id> ids = repo.list(FileType.INDEX);
        Collections.sort(ids);
        List<Loaded> loaded = inParallel(ids, this::loadIndexFile);
        boolean complete = true;
        Map<Id, PackRecord> packs = new HashMap<>();
        for (Loaded l : loaded) {
            if (l.error != null) {
                out.finding(Finding.error(Finding.Kind.INDEX, l.id, "error loading index " + l.id.toShortString() + ": " + l.error));
                complete = false;
                continue;
            }
            if (l.legacy) {
                out.finding(Finding.hint(Finding.Kind.INDEX, l.id, "index " + l.id.toShortString() + " has old format"));
            }
            index.addIndexFile(l.file);
            for (IndexPack p : l.file.packs()) {
                packs.computeIfAbsent(p.packId(), k -> new PackRecord()).add(l.id, p);
            }
        }
        Map<Id, PackRecord> sorted = new TreeMap<>(packs);
        sorted.forEach((packId, r) -> {
            if (r.indexes.size() > 1) {
                String names = r.indexes.stream().map(Id::toShortString).sorted().toList().toString()
                        .replace("[", "{").replace("]", "}").replace(",", "");
                if (r.conflicting) {
                    out.finding(Finding.error(Finding.Kind.INDEX, packId, "pack " + packId
                            + " is described differently by several indexes: " + names));
                } else {
                    out.finding(Finding.hint(Finding.Kind.DUPLICATE_PACK, packId, "pack " + packId
                            + " contained in several indexes: " + names));
                }
            }
            if (r.hasData && r.hasTree) {
                out.finding(Finding.hint(Finding.Kind.MIXED_PACK, packId, "pack " + packId + " contains a mix of tree and data blobs"));
            }
        });
        indexLoaded = complete;
        return complete;
    }

    private record Loaded(Id id, IndexFile file, boolean legacy, String error) {
    }

    private Loaded loadIndexFile(Id id) {
        try {
            byte[] json = repo.loadUnpacked(FileType.INDEX, id);
            IndexFile file = IndexFile.parse(json, "index " + id);
            if (repo.version() < Config.VERSION_2 && usesCompression(file)) {
                return new Loaded(id, null, false, "index uses feature not supported by repository version 1");
            }
            return new Loaded(id, file, isLegacy(json), null);
        } catch (NoSuchFileException e) {
            return new Loaded(id, null, false, "does not exist");
        } catch (InvalidIndexException e) {
            return new Loaded(id, null, false, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Loaded(id, null, false, String.valueOf(e.getMessage()));
        }
    }

    private static boolean usesCompression(IndexFile file) {
        for (IndexPack p : file.packs()) {
            for (PackBlob b : p.blobs()) if (b.isCompressed()) return true;
        }
        return false;
    }

    /** The legacy index (§9.1) is a bare JSON array of packs. */
    private static boolean isLegacy(byte[] json) {
        for (byte b : json) {
            if (b == '[') return true;
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return false;
        }
        return false;
    }

    /** What the index files say about one pack: who describes it and a digest of each description. */
    private static final class PackRecord {
        final List<Id> indexes = new ArrayList<>(1);
        byte[] digest;
        boolean conflicting;
        boolean hasData;
        boolean hasTree;

        void add(Id indexId, IndexPack pack) {
            indexes.add(indexId);
            byte[] d = digestOf(pack.blobs());
            if (digest == null) digest = d;
            else if (!Arrays.equals(digest, d)) conflicting = true;
            for (PackBlob b : pack.blobs()) {
                if (b.type() == BlobType.DATA) hasData = true;
                else hasTree = true;
            }
        }

        /** A digest of a pack's entries independent of their order in the index file. */
        private static byte[] digestOf(List<PackBlob> blobs) {
            List<PackBlob> ordered = new ArrayList<>(blobs);
            ordered.sort(java.util.Comparator.comparingLong(PackBlob::offset).thenComparing(PackBlob::id)
                    .thenComparing(PackBlob::type).thenComparingInt(PackBlob::length));
            MessageDigest md = Id.sha256();
            byte[] entry = new byte[Id.LENGTH + 1 + 8 + 4 + 4];
            for (PackBlob b : ordered) {
                b.id().writeTo(entry, 0);
                entry[Id.LENGTH] = (byte) b.type().ordinal();
                java.nio.ByteBuffer.wrap(entry, Id.LENGTH + 1, 16).putLong(b.offset()).putInt(b.length()).putInt(b.uncompressedLength());
                md.update(entry);
            }
            return md.digest();
        }
    }

    /** Every indexed pack with the size the index implies, in ID order. */
    public Map<Id, Long> packs() {
        requireIndex();
        Map<Id, Long> sorted = new TreeMap<>();
        index.forEachPack(id -> sorted.put(id, index.packSize(id)));
        return new LinkedHashMap<>(sorted);
    }

    // ---- packs ------------------------------------------------------------------------------------------------

    /**
     * Compares the indexed packs with the stored ones: a missing pack or one whose size differs from the index
     * is an error; a stored pack no index describes is a hint (prune would remove it).
     */
    public void checkPacks(CheckListener listener) throws IOException {
        requireIndex();
        CheckListener out = counting(listener);
        Map<Id, Long> stored = new HashMap<>();
        repo.list(FileType.PACK, info -> stored.put(info.handle().id(), info.size()));
        packs().forEach((id, expected) -> {
            Long actual = stored.remove(id);
            if (actual == null) {
                out.finding(Finding.error(Finding.Kind.PACK, id, "pack " + id + ": does not exist"));
            } else if (actual.longValue() != expected) {
                out.finding(Finding.error(Finding.Kind.PACK, id, "pack " + id + ": unexpected file size: got " + actual
                        + ", expected " + expected));
            }
        });
        new TreeMap<>(stored).keySet().forEach(id -> out.finding(
                Finding.hint(Finding.Kind.UNREFERENCED_PACK, id, "pack " + id + ": not referenced in any index")));
    }

    // ---- snapshots, trees, blobs ------------------------------------------------------------------------------

    /**
     * Loads every snapshot and walks its trees: each tree must be indexed, load (MAC, decompression, hash) and
     * parse; each node must be valid: a file has a content list of indexed data blobs, a directory a subtree,
     * every node a known type and a name. Each tree is checked once, however many snapshots share it.
     */
    public void checkStructure(CheckListener listener) throws IOException {
        requireIndex();
        CheckListener out = counting(listener);
        if (snapshotIds == null) listSnapshots();
        List<Snapshot> snapshots = inParallel(snapshotIds, id -> loadSnapshot(id, out));
        List<Id> roots = new ArrayList<>();
        for (Snapshot s : snapshots) {
            if (s != null && checkedTrees.add(s.tree())) roots.add(s.tree());
        }
        checkTrees(roots, out);
    }

    /**
     * Checks every tree reachable from {@code roots} that no other walk took first ({@link #checkedTrees}), on up
     * to {@link #treeLoaders()} threads. A tree's subtrees are queued as soon as it is checked, not after its whole
     * level: loading trees is latency-bound on a remote backend, and a wait at each level left the workers idle
     * while the level's slowest load finished. The queue holds at most one entry per tree of the repository.
     */
    private void checkTrees(List<Id> roots, CheckListener out) throws IOException {
        if (roots.isEmpty()) return;
        AtomicLong pending = new AtomicLong(roots.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(treeLoaders(),
                Thread.ofPlatform().daemon().name("check-tree-", 0).factory())) {
            final class TreeTask implements Runnable {
                private final Id tree;

                TreeTask(Id tree) {
                    this.tree = tree;
                }

                @Override
                public void run() {
                    try {
                        for (Id child : checkTree(tree, out)) {
                            if (checkedTrees.add(child)) {
                                pending.incrementAndGet(); // before this task's own decrement: never 0 too early
                                pool.execute(new TreeTask(child));
                            }
                        }
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    } finally {
                        if (pending.decrementAndGet() == 0) done.complete(null);
                    }
                }
            }
            for (Id root : roots) pool.execute(new TreeTask(root));
            try {
                Futures.await(done);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Threads loading trees: as many as the backend's connections plus the cores, as restic's tree streamer has
     * (its loads wait on the backend's latency, its decoding on a core).
     */
    private int treeLoaders() {
        return options.parallelism() + Runtime.getRuntime().availableProcessors() + 1;
    }

    private Snapshot loadSnapshot(Id id, CheckListener out) {
        String prefix = "snapshot " + id.toShortString() + ": ";
        try {
            Snapshot s = Snapshots.load(repo, id);
            if (s.tree() == null) {
                out.finding(Finding.error(Finding.Kind.SNAPSHOT, id, prefix + "has no tree"));
                return null;
            }
            return s;
        } catch (NoSuchFileException e) {
            out.finding(Finding.error(Finding.Kind.SNAPSHOT, id, prefix + "does not exist"));
        } catch (IOException | RuntimeException e) {
            out.finding(Finding.error(Finding.Kind.SNAPSHOT, id, prefix + e.getMessage()));
        }
        return null;
    }

    /** Checks one tree; returns the subtrees it refers to. */
    private List<Id> checkTree(Id treeId, CheckListener out) {
        String prefix = "tree " + treeId.toShortString() + ": ";
        Tree tree;
        try {
            tree = loadTree(treeId);
        } catch (TreeUnavailable e) {
            out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + e.getMessage()));
            return List.of();
        }
        List<Id> subtrees = new ArrayList<>();
        for (Node node : tree.nodes()) {
            String name = "\"" + GoQuote.quote(node.name()) + "\"";
            switch (node.type()) {
                case FILE -> {
                    if (node.content() == null) {
                        out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + "file " + name + " has nil blob list"));
                        break;
                    }
                    for (int i = 0; i < node.content().size(); i++) {
                        Id blob = node.content().get(i);
                        if (blob.isZero()) {
                            out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + "file " + name + " blob " + i + " has null ID"));
                        } else if (!index.has(BlobType.DATA, blob)) {
                            out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + "file " + name + " blob " + blob
                                    + " not found in index"));
                        } else if (options.checkUnused()) {
                            usedData.add(blob);
                        }
                    }
                }
                case DIR -> {
                    if (node.subtree() == null) {
                        out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + "dir node " + name + " has no subtree"));
                    } else if (node.subtree().isZero()) {
                        out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + "dir node " + name + " subtree id is null"));
                    } else {
                        subtrees.add(node.subtree());
                    }
                }
                case SYMLINK, SOCKET, CHARDEV, DEV, FIFO -> {
                    // nothing refers elsewhere
                }
                default -> out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + "node " + name + " with invalid type \""
                        + node.type().jsonName() + "\""));
            }
            if (node.name().length == 0) {
                out.finding(Finding.error(Finding.Kind.TREE, treeId, prefix + "node with empty name"));
            }
        }
        return subtrees;
    }

    /** A tree that cannot be checked: not indexed, unreadable in every copy, or not a valid tree. */
    private static final class TreeUnavailable extends Exception {
        TreeUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Loads a tree from any indexed copy that verifies (a damaged copy is not used). */
    private Tree loadTree(Id id) throws TreeUnavailable {
        List<IndexEntry> copies = index.lookupAll(BlobType.TREE, id);
        if (copies.isEmpty()) throw new TreeUnavailable("not found in index");
        String firstError = null;
        for (IndexEntry e : copies) {
            FileHandle pack = FileHandle.of(FileType.PACK, e.packId());
            byte[] plain;
            try {
                byte[] envelope = repo.backend().loadRange(pack, e.offset(), e.length());
                plain = repo.decodeBlob(pack, e.blob(), envelope, 0);
            } catch (NoSuchFileException ex) {
                if (firstError == null) firstError = "pack " + e.packId() + " holding it does not exist";
                continue;
            } catch (IOException ex) {
                if (firstError == null) firstError = ex.getMessage();
                continue;
            }
            try {
                return TreeCodec.decode(plain);
            } catch (RuntimeException ex) {
                throw new TreeUnavailable(String.valueOf(ex.getMessage()));
            }
        }
        throw new TreeUnavailable(firstError);
    }

    /** Reports indexed blobs that no checked snapshot uses (restic 0.14's {@code --check-unused}). */
    public void checkUnusedBlobs(CheckListener listener) {
        if (!options.checkUnused()) {
            throw new IllegalStateException("unused blobs are only known when the checker was created with checkUnused");
        }
        requireIndex();
        CheckListener out = counting(listener);
        Set<Id> reported = new HashSet<>();
        List<Finding> found = new ArrayList<>();
        index.forEach(e -> {
            boolean used = e.type() == BlobType.TREE ? checkedTrees.contains(e.id()) : usedData.contains(e.id());
            if (!used && reported.add(e.id())) {
                found.add(Finding.error(Finding.Kind.UNUSED_BLOB, e.id(), "unused " + e.type().jsonName() + " blob " + e.id()));
            }
        });
        found.sort(java.util.Comparator.comparing(Finding::subject));
        found.forEach(out::finding);
    }

    // ---- read data --------------------------------------------------------------------------------------------

    /**
     * Reads each of {@code packs} once (several at a time) and verifies its bytes: the pack hash, every indexed
     * blob, the blob layout and the header against the index.
     */
    public void readPacks(Map<Id, Long> packs, CheckListener listener) throws IOException {
        requireIndex();
        CheckListener out = counting(listener);
        PackVerifier verifier = new PackVerifier(repo);
        inParallel(new ArrayList<>(packs.keySet()), id -> {
            List<PackBlob> blobs = new ArrayList<>();
            for (IndexEntry e : index.blobsOfPack(id)) blobs.add(e.blob());
            for (Finding f : verifier.verify(id, blobs)) out.finding(f);
            synchronized (out) {
                listener.packRead(id);
            }
            return null;
        });
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private void requireIndex() {
        if (!indexLoaded) throw new IllegalStateException("loadIndex must succeed before this phase");
    }

    /** Serialises calls to the listener and counts what passes through. */
    private CheckListener counting(CheckListener listener) {
        return new CheckListener() {
            @Override
            public synchronized void finding(Finding f) {
                (f.isError() ? errors : hints).incrementAndGet();
                listener.finding(f);
            }
        };
    }

    /** The work done for one item by {@link #inParallel}. */
    @FunctionalInterface
    private interface Work<T, R> {
        R apply(T item) throws IOException;
    }

    /** Applies {@code work} to every item on at most {@link Options#parallelism()} threads; results in item order. */
    private <T, R> List<R> inParallel(List<T> items, Work<T, R> work) throws IOException {
        if (items.isEmpty()) return List.of();
        int threads = Math.min(items.size(), options.parallelism());
        List<R> results = new ArrayList<>(items.size());
        if (threads == 1) {
            for (T item : items) results.add(work.apply(item));
            return results;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("check-", 0).factory())) {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                Callable<R> task = () -> work.apply(item);
                futures.add(pool.submit(task));
            }
            for (Future<R> f : futures) results.add(await(f, pool));
        }
        return results;
    }

    /** Waits for one task; on failure stops the others, since the check cannot complete. */
    private static <R> R await(Future<R> f, ExecutorService pool) throws IOException {
        try {
            return Futures.await(f);
        } catch (IOException | RuntimeException | Error e) {
            pool.shutdownNow();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Checker[" + location + "]";
    }
}

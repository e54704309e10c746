package io.jrestic.restorer;

import io.jrestic.concurrent.Futures;
import io.jrestic.fs.Posix;
import io.jrestic.fs.PosixFile;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobDecoder;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.tree.GoQuote;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.walker.TreeWalker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores a tree of a snapshot into a target directory, as restic 0.14's {@code restore} does.
 *
 * <p>Three phases, the first two overlapping. <b>Plan</b>: walk the trees (sorted names, depth-first) through the
 * {@link RestoreSelector}, create the directories (0700 for now), and record every selected node; a file's blobs
 * are grouped by the pack that holds them (hard links: only the first node of each {@code (inode, device_id)}
 * group with {@code links > 1} gets content). The grouping is cut into batches of growing size, and each batch
 * is handed to the fetch workers while the walk goes on: the first packs are read while trees are still loaded
 * and directories made, and memory holds a batch, not the whole plan. <b>Fetch</b>: several packs at once,
 * each read once per batch (see {@link PackJob}); each verified blob is written with positional writes at every
 * offset where any file needs it, and a file's metadata is applied through its descriptor when its last blob is
 * written (see {@link FileJob}). Reports from the workers are held back until the walk ends, so they follow the
 * walk's own, as when planning came first. <b>Finish</b>, in tree order: special files and empty files are
 * created, hard links linked, and directory metadata applied after their contents so their times stick. A file
 * that cannot be restored is reported, removed, and counted; the run goes on.
 */
public final class Restorer {
    private static final int MAX_DEFAULT_PARALLELISM = 16;
    private static final int DIRECTORY_PERMISSIONS = 0700;
    /** File content in the first batch handed to the fetch workers: small, so that they start early. */
    private static final long FIRST_BATCH_BYTES = 8L << 20;
    /**
     * Largest batch. A pack needed by two batches is read once for each (its blobs for either), so batches must
     * be large against a pack (16 MiB by default) for few extra requests; and a blob that two batches need is
     * fetched twice.
     */
    private static final long MAX_BATCH_BYTES = 512L << 20;

    private final Repository repo;
    private final Id tree;
    private final RestoreSelector selector;
    private final RestoreOptions options;
    private final RestoreListener listener;
    private final TreeWalker trees;

    public Restorer(Repository repo, Id tree, RestoreSelector selector, RestoreOptions options, RestoreListener listener) {
        this.repo = repo;
        io.jrestic.crypto.CryptoKey.warmUp(); // bulk decryption ahead: get the intrinsics compiled early
        this.tree = tree;
        this.selector = selector;
        this.options = options;
        this.listener = listener;
        this.trees = new TreeWalker(repo);
    }

    // ---- restore ---------------------------------------------------------------------------------------------

    private enum Kind { SPECIAL, EMPTY_FILE, FILE, HARD_LINK, LEAVE_DIR }

    /** One node to finish in the last phase, in tree order. */
    private record Step(Kind kind, byte[] target, String location, Node node, FileJob job, Original original) {
    }

    /** The first restored node of a hard-link group: later members link to it. */
    private record Original(byte[] target, FileJob job) {
    }

    private record HardLinkKey(long inode, long deviceId) {
    }

    /**
     * Restores into {@code target} (created if missing). Needs the repository's index loaded.
     *
     * @throws IOException only for failures that stop the whole run (the target cannot be created, interruption);
     *                     item failures go to the listener and into {@link RestoreResult#errors()}
     */
    public RestoreResult restoreTo(byte[] target) throws IOException {
        Counting counting = new Counting(listener);
        NodeMetadata metadata = new NodeMetadata(counting);
        Directories dirs = new Directories();
        dirs.ensure(target);

        List<Step> steps = new ArrayList<>();
        List<FileJob> jobs = new ArrayList<>();
        Map<HardLinkKey, Original> originals = new HashMap<>();
        HeldBack workerReports = new HeldBack(counting);
        Fetcher fetcher = new Fetcher();
        boolean ok = false;
        try {
            Batches batches = new Batches(fetcher);
            traverse(tree, target, "/", counting, new Visitor() {
                @Override
                public void enterDir(Node node, byte[] path, String location) throws IOException {
                    dirs.ensure(path);
                }

                @Override
                public void visitNode(Node node, byte[] path, String location) throws IOException {
                    dirs.ensure(parent(path));
                    switch (node.type()) {
                        case FILE -> planFile(node, path, location);
                        case SYMLINK, FIFO, DEV, CHARDEV -> steps.add(new Step(Kind.SPECIAL, path, location, node, null, null));
                        default -> throw new IOException("cannot restore " + location + ": file type \"" + node.type().jsonName()
                                + "\" not implemented");
                    }
                }

                private void planFile(Node node, byte[] path, String location) throws IOException {
                    HardLinkKey key = node.links() > 1 ? new HardLinkKey(node.inode(), node.deviceId()) : null;
                    Original original = key == null ? null : originals.get(key);
                    if (original != null) {
                        steps.add(new Step(Kind.HARD_LINK, path, location, node, null, original));
                        return;
                    }
                    FileJob job = null;
                    if (node.size() == 0) {
                        steps.add(new Step(Kind.EMPTY_FILE, path, location, node, null, null));
                    } else {
                        job = new FileJob(path, location, node, options.sparse(), workerReports, metadata);
                        jobs.add(job);
                        batches.plan(job);
                        steps.add(new Step(Kind.FILE, path, location, node, job, null));
                    }
                    if (key != null) originals.put(key, new Original(path, job));
                }

                @Override
                public void leaveDir(Node node, byte[] path, String location) {
                    steps.add(new Step(Kind.LEAVE_DIR, path, location, node, null, null));
                }
            });
            batches.flush();
            workerReports.release();

            long plannedBytes = 0;
            for (FileJob j : jobs) plannedBytes += j.node.size();
            listener.planned(steps.stream().filter(s -> s.kind != Kind.SPECIAL && s.kind != Kind.LEAVE_DIR).count(), plannedBytes);
            fetcher.finish();
            ok = true;
        } finally {
            workerReports.release();
            if (!ok) {
                fetcher.abort();
                for (FileJob j : jobs) j.abandon();
            }
        }

        long files = 0;
        for (Step s : steps) {
            try {
                switch (s.kind) {
                    case SPECIAL -> {
                        if (metadata.create(s.target, s.location, s.node)) metadata.apply(s.target, s.location, s.node);
                    }
                    case EMPTY_FILE -> {
                        try (PosixFile f = PosixFile.open(s.target, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC | Posix.O_NOFOLLOW, 0600)) {
                            metadata.apply(f, s.node, w -> counting.warning(s.location, w));
                        }
                        files++;
                        counting.fileDone(s.location, 0);
                    }
                    case FILE -> {
                        if (s.job.failed()) continue;
                        s.job.reportMetadata();
                        files++;
                        counting.fileDone(s.location, s.node.size());
                    }
                    case HARD_LINK -> {
                        if (s.original.job != null && !s.original.job.complete()) continue; // its failure is reported
                        try {
                            Posix.link(s.original.target, s.target);
                        } catch (FileAlreadyExistsException e) {
                            Posix.unlink(s.target);
                            Posix.link(s.original.target, s.target);
                        }
                        files++;
                        counting.fileDone(s.location, s.node.size());
                    }
                    case LEAVE_DIR -> metadata.apply(s.target, s.location, s.node);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                counting.error(s.location, e);
            }
        }
        return new RestoreResult(files, counting.bytes.get(), counting.errors.get());
    }

    /**
     * The plan cut into batches: files' blobs grouped by pack until the batch holds enough content, then handed to
     * the fetcher. Batches start small and double, so the workers start early and later batches share few packs.
     */
    private final class Batches {
        private final Fetcher fetcher;
        private Map<Id, PackJob> packs = new LinkedHashMap<>();
        private long bytes;
        private long limit = FIRST_BATCH_BYTES;

        Batches(Fetcher fetcher) {
            this.fetcher = fetcher;
        }

        /** Adds a file's blobs to the batch's packs; a blob missing from the index fails the file at once. */
        void plan(FileJob job) throws IOException {
            List<IndexEntry> entries = new ArrayList<>(job.node.content().size());
            for (Id blob : job.node.content()) {
                Optional<IndexEntry> e = repo.index().lookup(BlobType.DATA, blob);
                if (e.isEmpty()) {
                    job.fail(new RepositoryCorruptException(repo.backend().location() + ": data blob " + blob
                            + " of " + job.location + " not found in index"));
                    return;
                }
                entries.add(e.get());
            }
            long offset = 0;
            for (IndexEntry e : entries) {
                packs.computeIfAbsent(e.packId(), PackJob::new).add(e, job, offset);
                offset += e.plaintextLength();
            }
            job.planned();
            bytes += offset;
            if (bytes >= limit) {
                flush();
                limit = Math.min(MAX_BATCH_BYTES, 2 * limit);
            }
        }

        /** Hands the batch to the fetcher (a file is always whole in one batch: its writes are all counted). */
        void flush() throws IOException {
            if (packs.isEmpty()) return;
            fetcher.submit(packs.values());
            packs = new LinkedHashMap<>();
            bytes = 0;
        }
    }

    /**
     * The fetch workers: each takes the next pack job from a short queue and decodes with its own reused buffers,
     * so memory is one blob's buffers per worker plus the queue. Started with the first job. A worker that fails
     * keeps draining the queue (the producer never blocks on dead workers); the failure is thrown to the producer.
     */
    private final class Fetcher {
        private static final PackJob END = new PackJob(null);
        private final int threads = parallelism();
        private final ArrayBlockingQueue<PackJob> queue = new ArrayBlockingQueue<>(2 * threads);
        private final List<Future<?>> workers = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private ExecutorService pool;

        void submit(Iterable<PackJob> jobs) throws IOException {
            if (pool == null) start();
            for (PackJob j : jobs) {
                rethrowFailure();
                try {
                    queue.put(j);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("restore interrupted");
                }
            }
        }

        private void start() {
            pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("restore-pack-", 0).factory());
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    BlobDecoder decoder = repo.newBlobDecoder();
                    for (PackJob j; (j = queue.take()) != END; ) {
                        if (failure.get() != null) continue;
                        try {
                            j.run(repo, decoder);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                    return null;
                }));
            }
        }

        /** Waits for every submitted job; throws the first worker failure. */
        void finish() throws IOException {
            if (pool == null) return;
            try {
                for (int t = 0; t < threads; t++) queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("restore interrupted");
            }
            for (Future<?> f : workers) Futures.await(f);
            pool.close();
            pool = null;
            rethrowFailure();
        }

        void abort() {
            if (pool == null) return;
            failure.compareAndSet(null, new InterruptedIOException("restore aborted"));
            pool.shutdownNow();
        }

        private void rethrowFailure() throws IOException {
            Throwable t = failure.get();
            if (t == null) return;
            if (t instanceof IOException e) throw e;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            throw new IOException(t);
        }
    }

    private int parallelism() {
        if (options.packsInParallel() > 0) return options.packsInParallel();
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(2, Math.min(MAX_DEFAULT_PARALLELISM, Math.max(repo.backend().connections(), cores)));
    }

    // ---- verify ----------------------------------------------------------------------------------------------

    /**
     * Reads back every selected file below {@code target} and checks its size and the hash of every blob against
     * the node's content list (restic's {@code restore --verify}). Mismatches go to the listener.
     */
    public RestoreResult verify(byte[] target) throws IOException {
        Counting counting = new Counting(listener);
        record Check(byte[] path, String location, Node node) {
        }
        List<Check> checks = new ArrayList<>();
        traverse(tree, target, "/", counting, new Visitor() {
            @Override
            public void visitNode(Node node, byte[] path, String location) {
                if (node.type() == NodeType.FILE) checks.add(new Check(path, location, node));
            }
        });
        AtomicLong verified = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(checks.size(), parallelism())),
                Thread.ofPlatform().daemon().name("restore-verify-", 0).factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (Check c : checks) {
                futures.add(pool.submit(() -> {
                    try {
                        verifyFile(c.path, c.location, c.node, counting);
                        verified.incrementAndGet();
                    } catch (InterruptedIOException e) {
                        throw e;
                    } catch (IOException e) {
                        counting.error(c.location, e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) Futures.await(f);
        }
        return new RestoreResult(verified.get(), counting.bytes.get(), counting.errors.get());
    }

    private void verifyFile(byte[] path, String location, Node node, Counting counting) throws IOException {
        try (PosixFile f = PosixFile.open(path, Posix.O_RDONLY | Posix.O_NOFOLLOW, 0)) {
            long size = f.stat().size();
            if (size != node.size()) {
                throw new IOException("invalid file size for " + location + ": expected " + node.size() + ", got " + size);
            }
            byte[] buf = new byte[0];
            long offset = 0;
            for (Id blob : node.content()) {
                IndexEntry e = repo.index().lookup(BlobType.DATA, blob)
                        .orElseThrow(() -> new IOException("unable to fetch blob " + blob + ": not in index"));
                int len = e.plaintextLength();
                if (buf.length < len) buf = new byte[len];
                for (int done = 0; done < len; ) {
                    int n = f.read(buf, done, len - done, offset + done);
                    if (n < 0) throw new IOException("unexpected end of " + location + " at offset " + (offset + done));
                    done += n;
                }
                if (!Id.hash(buf, 0, len).equals(blob)) {
                    throw new IOException("unexpected content in " + location + ", starting at offset " + offset
                            + " (blob " + blob.toShortString() + ")");
                }
                counting.bytesWritten(len);
                offset += len;
            }
        }
    }

    // ---- tree traversal with restic's selection --------------------------------------------------------------

    private interface Visitor {
        default void enterDir(Node node, byte[] path, String location) throws IOException {
        }

        void visitNode(Node node, byte[] path, String location) throws IOException;

        default void leaveDir(Node node, byte[] path, String location) throws IOException {
        }
    }

    /**
     * restic's traversal: a selected directory is entered before and left after its contents; an unselected one
     * is still left (its metadata restored) if something below it was restored. Returns whether anything was.
     */
    private boolean traverse(Id treeId, byte[] target, String location, Counting counting, Visitor visitor)
            throws IOException {
        Tree t;
        try {
            t = trees.loadTree(treeId);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            counting.error(location, e);
            return false;
        }
        boolean restored = false;
        for (Node node : t.nodes()) {
            String nodeLocation = joinLocation(location, node.name());
            if (!validName(node.name())) {
                counting.error(location, new IOException("invalid child node name \"" + GoQuote.quote(node.name()) + "\""));
                continue;
            }
            if (node.type() == NodeType.SOCKET) continue; // sockets cannot be restored
            byte[] nodeTarget = TreeWalker.join(target, node.name());
            RestoreSelector.Selection sel = selector.select(nodeLocation, node);
            if (sel.selected()) restored = true;
            try {
                if (node.type() == NodeType.DIR) {
                    if (node.subtree() == null) {
                        throw new RepositoryCorruptException(repo.backend().location() + ": directory " + nodeLocation + " has no subtree");
                    }
                    if (sel.selected()) visitor.enterDir(node, nodeTarget, nodeLocation);
                    boolean childRestored = sel.descend() && traverse(node.subtree(), nodeTarget, nodeLocation, counting, visitor);
                    if (childRestored) restored = true;
                    if (sel.selected() || childRestored) visitor.leaveDir(node, nodeTarget, nodeLocation);
                } else if (sel.selected()) {
                    visitor.visitNode(node, nodeTarget, nodeLocation);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                counting.error(nodeLocation, e);
            }
        }
        return restored;
    }

    private static String joinLocation(String location, byte[] name) {
        String n = new String(name, StandardCharsets.UTF_8);
        return location.endsWith("/") ? location + n : location + "/" + n;
    }

    /** A name that stays inside its directory: not empty, ".", ".." and without '/' or NUL. */
    private static boolean validName(byte[] name) {
        if (name.length == 0) return false;
        if (name.length == 1 && name[0] == '.' || name.length == 2 && name[0] == '.' && name[1] == '.') return false;
        for (byte b : name) {
            if (b == '/' || b == 0) return false;
        }
        return true;
    }

    private static byte[] parent(byte[] path) {
        int i = path.length - 1;
        while (i > 0 && path[i] == '/') i--;
        while (i > 0 && path[i] != '/') i--;
        return i <= 0 ? (path.length > 0 && path[0] == '/' ? new byte[] {'/'} : new byte[] {'.'}) : java.util.Arrays.copyOf(path, i);
    }

    /** Directories created so far, so each is made (with its missing parents) once. */
    private static final class Directories {
        private final Set<String> known = new HashSet<>();

        void ensure(byte[] dir) throws IOException {
            String key = new String(dir, StandardCharsets.ISO_8859_1); // lossless for any bytes
            if (known.contains(key)) return;
            try {
                Posix.mkdir(dir, DIRECTORY_PERMISSIONS);
            } catch (FileAlreadyExistsException e) {
                if (!Posix.lstat(dir).isDirectory()) {
                    throw new NotDirectoryException("mkdir " + key + ": exists and is not a directory");
                }
            } catch (NoSuchFileException e) {
                ensure(parent(dir));
                Posix.mkdir(dir, DIRECTORY_PERMISSIONS);
            }
            known.add(key);
        }
    }

    /**
     * Errors and warnings from the fetch workers, held back while the walk still reports its own and forwarded
     * in arrival order when it ends; progress passes straight through.
     */
    private static final class HeldBack implements RestoreListener {
        private final RestoreListener inner;
        private List<Runnable> held = new ArrayList<>();

        HeldBack(RestoreListener inner) {
            this.inner = inner;
        }

        @Override
        public void error(String location, Exception cause) {
            if (!hold(() -> inner.error(location, cause))) inner.error(location, cause);
        }

        @Override
        public void warning(String location, String message) {
            if (!hold(() -> inner.warning(location, message))) inner.warning(location, message);
        }

        @Override
        public void fileDone(String location, long n) {
            inner.fileDone(location, n);
        }

        @Override
        public void bytesWritten(long n) {
            inner.bytesWritten(n);
        }

        private synchronized boolean hold(Runnable report) {
            if (held == null) return false;
            held.add(report);
            return true;
        }

        /** Forwards what was held and stops holding. */
        synchronized void release() {
            if (held == null) return;
            List<Runnable> reports = held;
            held = null;
            for (Runnable r : reports) r.run();
        }
    }

    /** Forwards to the caller's listener and counts errors and bytes. */
    private static final class Counting implements RestoreListener {
        private final RestoreListener inner;
        final AtomicLong errors = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        Counting(RestoreListener inner) {
            this.inner = inner;
        }

        @Override
        public void error(String location, Exception cause) {
            errors.incrementAndGet();
            inner.error(location, cause);
        }

        @Override
        public void warning(String location, String message) {
            inner.warning(location, message);
        }

        @Override
        public void fileDone(String location, long n) {
            inner.fileDone(location, n);
        }

        @Override
        public void bytesWritten(long n) {
            bytes.addAndGet(n);
            inner.bytesWritten(n);
        }
    }
}

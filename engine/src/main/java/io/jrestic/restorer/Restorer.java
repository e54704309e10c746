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
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores a tree of a snapshot into a target directory, as restic 0.14's {@code restore} does.
 *
 * <p>Three phases. <b>Plan</b>: walk the trees (sorted names, depth-first) through the {@link RestoreSelector},
 * create the directories (0700 for now), and record every selected node; a file's blobs are grouped by the pack
 * that holds them (hard links: only the first node of each {@code (inode, device_id)} group with {@code links > 1}
 * gets content). <b>Fetch</b>: several packs at once, each read once (see {@link PackJob}); each verified blob is
 * written with positional writes at every offset where any file needs it, and a file's metadata is applied through
 * its descriptor when its last blob is written (see {@link FileJob}). <b>Finish</b>, in tree order: special files
 * and empty files are created, hard links linked, and directory metadata applied after their contents so their
 * times stick. A file that cannot be restored is reported, removed, and counted; the run goes on.
 *
 * <p>The whole plan is made before the first pack is read, as restic does: only then is every use of a pack known,
 * so that each pack is read once. Fetching while the walk went on (in batches of growing size) read a pack once
 * per batch that needed it: 27 requests and 23% more bytes than restic for a small tree on S3, and a slower local
 * restore too (benchmarks/README.md, session 9).
 */
public final class Restorer {
    private static final int MAX_DEFAULT_PARALLELISM = 16;
    private static final int DIRECTORY_PERMISSIONS = 0700;
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
        Plan plan = new Plan();
        boolean ok = false;
        try {
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
                        job = new FileJob(path, location, node, options.sparse(), counting, metadata);
                        jobs.add(job);
                        plan.add(job);
                        steps.add(new Step(Kind.FILE, path, location, node, job, null));
                    }
                    if (key != null) originals.put(key, new Original(path, job));
                }

                @Override
                public void leaveDir(Node node, byte[] path, String location) {
                    steps.add(new Step(Kind.LEAVE_DIR, path, location, node, null, null));
                }
            });
            long plannedBytes = 0;
            for (FileJob j : jobs) plannedBytes += j.node.size();
            listener.planned(steps.stream().filter(s -> s.kind != Kind.SPECIAL && s.kind != Kind.LEAVE_DIR).count(), plannedBytes);
            fetch(plan.packs());
            ok = true;
        } finally {
            if (!ok) {
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

    /** Files' blobs grouped by the pack that holds them, in the order the walk first needed each pack. */
    private final class Plan {
        private final Map<Id, PackJob> packs = new LinkedHashMap<>();

        /** Adds a file's blobs to the packs' jobs; a blob missing from the index fails the file at once. */
        void add(FileJob job) throws IOException {
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
        }

        List<PackJob> packs() {
            return new ArrayList<>(packs.values());
        }
    }

    /**
     * Runs the pack jobs on the fetch workers: each takes the next job and decodes with its own reused buffers, so
     * memory beyond the plan is one blob's buffers per worker; a job's plan is dropped once it has run. After a
     * failure the workers take no new jobs, and the first failure is thrown.
     */
    private void fetch(List<PackJob> packs) throws IOException {
        if (packs.isEmpty()) return;
        int threads = Math.min(parallelism(), packs.size());
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> workers = new ArrayList<>(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("restore-pack-", 0).factory());
        boolean done = false;
        try {
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    BlobDecoder decoder = repo.newBlobDecoder();
                    for (int i; failure.get() == null && (i = next.getAndIncrement()) < packs.size(); ) {
                        PackJob job = packs.set(i, null);
                        try {
                            job.run(repo, decoder);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) Futures.await(f);
            done = true;
        } finally {
            if (!done) {
                failure.compareAndSet(null, new InterruptedIOException("restore aborted"));
                pool.shutdownNow();
            }
            pool.close();
        }
        Throwable t = failure.get();
        if (t == null) return;
        if (t instanceof IOException e) throw e;
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        throw new IOException(t);
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

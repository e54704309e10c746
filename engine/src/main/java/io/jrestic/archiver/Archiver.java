package io.jrestic.archiver;

import io.jrestic.backend.FileType;
import io.jrestic.chunker.ChunkBuffers;
import io.jrestic.chunker.ChunkReader;
import io.jrestic.chunker.Chunker;
import io.jrestic.chunker.PooledChunk;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryException;
import io.jrestic.repository.SystemIdentity;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.snapshot.SnapshotSummary;
import io.jrestic.tree.FileMode;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.tree.TreeCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backs up files, directories or a stream into a repository and records a snapshot.
 *
 * <p>The pipeline: walkers (one per core) list directories depth-first, each taking whole subdirectories, and
 * compare every item with the parent snapshot's node; unchanged files (same type, size,
 * mtime, ctime and inode as in the parent snapshot, restic's rule) reuse their content list without being read;
 * other files go to a pool of {@code readConcurrency} readers that chunk them sequentially and hand each chunk to
 * a pool of blob workers (hash, dedup, compress, encrypt, pack — see {@link BlobSaver}). A directory's tree is
 * built and saved when its last child completes. Semaphores bound the files and chunks in flight, so memory
 * stays flat whatever the input. Unreadable source items are reported and left out (exit code 3 in the CLI).
 */
public final class Archiver implements AutoCloseable {
    private static final TreeCodec CODEC = TreeCodec.RESTIC_0_14;

    private final Repository repo;
    private final BlobSaver saver;
    private final BackupOptions options;
    private final BackupListener listener;
    private final Selector selector;
    private final Chunker chunker;
    /**
     * Directory walkers. A fork/join pool because its workers take their own newest task first: each walks
     * depth-first, so the pending directories stay few, and an idle walker steals the shallowest, largest piece.
     */
    private final ForkJoinPool walkers;
    private final ExecutorService readers;
    private final ExecutorService workers;
    private final Semaphore filesInFlight;
    private final Semaphore chunksInFlight;
    /**
     * Buffers of the chunks in flight, recycled: one filling per reader plus one per permit of
     * {@link #chunksInFlight}, so about (readConcurrency + 2 × workers) × 3.25 MiB at most.
     */
    private final ChunkBuffers chunkBuffers;
    private final BackupStatistics stats = new BackupStatistics();
    private final SourceFiles fs = new SourceFiles();
    /** Set by {@link #abandon}: why the backup is to stop. */
    private volatile RepositoryException abandoned;

    /** The result of a run: the snapshot (null for a dry run or a failed stream command) and the statistics. */
    public record Result(Id snapshotId, Snapshot snapshot, BackupStatistics statistics, BlobSaver.Statistics added) {
    }

    public Archiver(Repository repo, BlobSaver saver, BackupOptions options, BackupListener listener) {
        this.repo = repo;
        this.saver = saver;
        this.options = options;
        this.listener = listener;
        this.selector = new Selector(options, fs);
        this.chunker = Chunker.of(repo.polynomial());
        int cores = Runtime.getRuntime().availableProcessors();
        int readConcurrency = Math.max(1, options.readConcurrency());
        AtomicInteger walkerCount = new AtomicInteger();
        this.walkers = new ForkJoinPool(cores, pool -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            // not getPoolIndex(): the worker is not registered yet here, so every walker would be "walker-0"
            t.setName("walker-" + walkerCount.getAndIncrement());
            return t;
        }, null, false);
        this.readers = Executors.newFixedThreadPool(readConcurrency, Thread.ofPlatform().daemon().name("file-reader-", 0).factory());
        this.workers = Executors.newFixedThreadPool(Math.max(2, cores), Thread.ofPlatform().daemon().name("blob-worker-", 0).factory());
        this.chunksInFlight = new Semaphore(Math.max(2, cores) * 2);
        // the files being read plus one waiting to be saved per chunk permit: readers never wait for savers
        this.filesInFlight = new Semaphore(readConcurrency + chunksInFlight.availablePermits());
        this.chunkBuffers = new ChunkBuffers(Math.max(2, cores) * 2 + readConcurrency);
    }

    public BackupStatistics statistics() {
        return stats;
    }

    /**
     * Makes the running backup fail soon with {@code reason} (its lock was lost, say): no item is begun any more and
     * every stream stops at its next chunk, where otherwise a backup whose saves all fail would still read all its
     * files to the end. Thread-safe; the first reason stays.
     */
    public void abandon(IOException reason) {
        if (abandoned == null) {
            abandoned = reason instanceof RepositoryException r ? r
                    : new RepositoryException("backup abandoned: " + reason.getMessage(), reason);
        }
    }

    /** Throws the reason the backup was abandoned for, if it was: an error of the backup, not of a source file. */
    private void checkAbandoned() throws RepositoryException {
        RepositoryException e = abandoned;
        if (e != null) throw e;
    }

    // ---- files and directories --------------------------------------------------------------------------------

    /**
     * Backs up {@code targets} (paths as given on the command line) against an optional parent snapshot and saves
     * the snapshot unless this is a dry run.
     */
    public Result backup(List<String> targets, Snapshot parent, Id parentId) throws IOException {
        OffsetDateTime start = GoTime.local(Instant.now());
        OffsetDateTime time = options.time() != null ? options.time() : start;
        List<String> absolute = new ArrayList<>();
        for (String t : targets) absolute.add(SourceFiles.absolute(t));
        Tree parentRoot = parent == null ? null : loadTreeQuietly(parent.tree());
        if (options.oneFileSystem()) {
            for (String t : targets) selector.allowDevice(fs.device(t.getBytes(StandardCharsets.UTF_8)));
        }
        TargetTree root = TargetTree.of(targets);
        Node rootDir;
        try {
            rootDir = saveTargetLevel(root, parentRoot).join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
        Id tree = rootDir.subtree();
        return finish(tree, absolute, time, start, parentId);
    }

    /** Saves the synthetic levels of the root tree (§10.8): intermediate directories, then the targets themselves. */
    private CompletableFuture<Node> saveTargetLevel(TargetTree level, Tree parentTree) {
        List<CompletableFuture<Node>> children = new ArrayList<>();
        for (Map.Entry<String, TargetTree> e : level.children().entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            TargetTree child = e.getValue();
            Node previous = parentTree == null ? null : parentTree.find(name).orElse(null);
            if (child.target() != null) {
                children.add(saveItem(child.target(), name, SourceFiles.absolute(child.target()), previous));
            } else {
                Tree previousSub = previous != null && previous.type() == NodeType.DIR ? loadTreeQuietly(previous.subtree()) : null;
                CompletableFuture<Node> sub = saveTargetLevel(child, previousSub);
                String path = child.path();
                children.add(sub.thenApply(placeholder -> {
                    Node meta = fs.directoryNode(path.getBytes(StandardCharsets.UTF_8), name, options);
                    Node done = meta.withSubtree(placeholder.subtree());
                    count(previous, done, stats.dirsNew, stats.dirsUnmodified, stats.dirsChanged); // restic counts these too
                    return done;
                }));
            }
        }
        return completeDirectory(children, Node.builder(new byte[0], NodeType.DIR).build(), null, null);
    }

    /** Saves one file system item; the future completes with its node, or null if it was skipped. */
    private CompletableFuture<Node> saveItem(String path, byte[] name, String absPath, Node previous) {
        byte[] raw = path.getBytes(StandardCharsets.UTF_8);
        return saveItem(raw, name, absPath, previous);
    }

    /** Targets are subject to the excludes like everything else, as in restic. */
    private CompletableFuture<Node> saveItem(byte[] path, byte[] name, String absPath, Node previous) {
        if (abandoned != null) return CompletableFuture.failedFuture(new UncheckedIOException(abandoned));
        if (selector.excludedByName(absPath)) return CompletableFuture.completedFuture(null);
        SourceFiles.Item item;
        try {
            item = fs.lstat(path, name, options);
        } catch (IOException e) {
            reportError(absPath, "archival", e);
            return CompletableFuture.completedFuture(null);
        }
        if (selector.excludedByItem(absPath, item)) return CompletableFuture.completedFuture(null);
        Node node = item.node();
        return switch (node.type()) {
            // Parallel unchanged-file checks are what make an incremental backup fast: hand the directory to a walker.
            case DIR -> CompletableFuture.supplyAsync(() -> saveDirectory(path, absPath, node, previous, item), walkers)
                    .thenCompose(done -> done);
            case FILE -> saveFile(path, absPath, node, previous);
            case SOCKET -> CompletableFuture.completedFuture(null); // restic 0.14 leaves sockets out of snapshots
            default -> CompletableFuture.completedFuture(node);
        };
    }

    private CompletableFuture<Node> saveDirectory(byte[] path, String absPath, Node meta, Node previous, SourceFiles.Item item) {
        List<byte[]> names;
        try {
            names = fs.list(path);
        } catch (IOException e) {
            reportError(absPath, "archival", e);
            return CompletableFuture.completedFuture(null);
        }
        Tree previousTree = previous != null && previous.type() == NodeType.DIR ? loadTreeQuietly(previous.subtree()) : null;
        List<CompletableFuture<Node>> children = new ArrayList<>();
        String tag = selector.tagFileIn(path);
        byte[] tagName = tag == null ? null : tag.getBytes(StandardCharsets.UTF_8);
        if (!selector.otherDevice(item)) {
            for (byte[] childName : names) {
                if (tagName != null && !Arrays.equals(childName, tagName)) continue; // a tagged directory keeps only its tag
                byte[] childPath = SourceFiles.join(path, childName);
                String childAbs = absPath.endsWith("/") ? absPath + SourceFiles.display(childName)
                        : absPath + "/" + SourceFiles.display(childName);
                Node prev = previousTree == null ? null : previousTree.find(childName).orElse(null);
                children.add(saveItem(childPath, childName, childAbs, prev));
            }
        }
        return completeDirectory(children, meta, previous, previousTree);
    }

    /**
     * When all children are done: build, encode and save the directory's tree, then complete its node. A tree whose
     * nodes all equal the parent snapshot's is that tree: its ID is reused without encoding and hashing it again.
     */
    private CompletableFuture<Node> completeDirectory(List<CompletableFuture<Node>> children, Node meta, Node previous,
                                                      Tree previousTree) {
        return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).thenApplyAsync(ignored -> {
            List<Node> nodes = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (CompletableFuture<Node> c : children) {
                Node n = c.join();
                if (n == null) continue;
                nodes.add(uniqueName(n, seen));
            }
            nodes.sort(Node.NAME_ORDER);
            Id id = unchangedTree(previous, previousTree, nodes);
            if (id == null) {
                byte[] json = CODEC.encode(new Tree(nodes));
                id = saveBlob(BlobType.TREE, json, 0, json.length);
            }
            Node done = meta.withSubtree(id);
            if (meta.name().length > 0) count(previous, done, stats.dirsNew, stats.dirsUnmodified, stats.dirsChanged);
            return done;
        }, workers);
    }

    /**
     * The parent's tree ID if {@code nodes} are exactly its nodes and the repository has it; null otherwise. Equal
     * nodes encode to the bytes the parent was read from whenever the parent was written as restic 0.14 and jrestic
     * write trees, so the ID is the one encoding would give; for a parent written in another dialect (say
     * {@code linktarget_raw} of restic 0.16) it is that equally valid tree, which is kept instead of a twin.
     */
    private Id unchangedTree(Node previous, Tree previousTree, List<Node> nodes) {
        if (options.force() || previousTree == null || previous.subtree() == null) return null;
        if (!nodes.equals(previousTree.nodes())) return null;
        return saver.has(BlobType.TREE, previous.subtree()) ? previous.subtree() : null;
    }

    /** Two targets with the same final name: the later ones become name-1, name-2, ... (restic's rule). */
    private static Node uniqueName(Node n, Map<String, Integer> seen) {
        String key = new String(n.name(), StandardCharsets.ISO_8859_1);
        Integer count = seen.get(key);
        seen.put(key, count == null ? 1 : count + 1);
        if (count == null) return n;
        return n.withName((new String(n.name(), StandardCharsets.UTF_8) + "-" + count).getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<Node> saveFile(byte[] path, String absPath, Node meta, Node previous) {
        if (!options.force() && unchanged(meta, previous)) {
            Node reused = meta.withContent(previous.content(), previous.size());
            stats.totalFiles.incrementAndGet();
            stats.totalBytes.addAndGet(previous.size());
            stats.filesUnmodified.incrementAndGet(); // restic counts a reused file as unmodified even if its mode changed
            listener.fileDone(absPath, previous.size(), false);
            return CompletableFuture.completedFuture(reused);
        }
        acquire(filesInFlight);
        // The reader hands a file's chunks to the blob workers and goes on to its next file instead of waiting for
        // them (waiting left the workers idle while each reader opened and read its next small file); a file of a
        // single short chunk it saves itself (submitContent).
        return CompletableFuture.supplyAsync(() -> {
            listener.fileStarted(absPath);
            try (InputStream in = fs.open(path)) {
                return submitContent(in);
            } catch (RepositoryException | InterruptedIOException e) {
                throw new UncheckedIOException(e); // the repository failed, not this source file: abort the backup
            } catch (IOException e) {
                reportError(absPath, "archival", e);
                return CompletableFuture.<Content>completedFuture(null);
            }
        }, readers).thenCompose(content -> content).handle((content, failure) -> {
            filesInFlight.release();
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            if (content == null) return null;
            Node node = meta.withContent(content.ids(), content.size());
            stats.totalFiles.incrementAndGet();
            stats.totalBytes.addAndGet(content.size());
            count(previous, node, stats.filesNew, stats.filesUnmodified, stats.filesChanged);
            listener.fileDone(absPath, content.size(), true);
            return node;
        });
    }

    /** restic's change detection: a file is reused if type, size, mtime, ctime and inode all match the parent's. */
    private boolean unchanged(Node now, Node previous) {
        if (previous == null || previous.type() != NodeType.FILE || previous.content() == null) return false;
        if (previous.size() != now.size()) return false;
        if (!previous.mtime().toInstant().equals(now.mtime().toInstant())) return false;
        if (!options.ignoreCtime() && !previous.ctime().toInstant().equals(now.ctime().toInstant())) return false;
        if (!options.ignoreInode() && previous.inode() != now.inode()) return false;
        for (Id blob : previous.content()) {
            if (!saver.has(BlobType.DATA, blob)) return false; // its data went missing: read the file again
        }
        return true;
    }

    private record Content(List<Id> ids, long size) {
    }

    /** Chunks a stream and saves every chunk on the blob workers; returns the IDs in order. */
    private Content saveContent(InputStream in) throws IOException {
        try {
            return submitContent(in).join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Chunks a stream and hands every chunk to the blob workers; the future completes with the IDs in order once
     * all are saved. Returns when the stream has been read. A stream of a single short chunk is saved on the
     * calling thread.
     */
    private CompletableFuture<Content> submitContent(InputStream in) throws IOException {
        ChunkReader reader = chunker.reader(in, chunkBuffers);
        List<CompletableFuture<Id>> ids = new ArrayList<>();
        long size = 0;
        while (true) {
            checkAbandoned();
            // The permit first: a chunk's buffer exists only with one, so a reader holds at most its own
            // filling buffer besides the permits' (readers + permits buffers in all).
            acquire(chunksInFlight);
            PooledChunk c;
            try {
                c = reader.nextPooled();
            } catch (IOException | RuntimeException e) {
                chunksInFlight.release();
                throw e;
            }
            if (c == null) {
                chunksInFlight.release();
                break;
            }
            int length = c.length();
            size += length;
            listener.bytesRead(length);
            if (ids.isEmpty() && length < Chunker.MIN_SIZE) {
                // The whole stream (the chunker cuts short of the minimum only at its end): saved right here. Most
                // files are this small, and handing each to a blob worker and back cost two thread switches per
                // file: a 50,000-file backup took 6% longer.
                Id id;
                try {
                    id = saveBlob(BlobType.DATA, c.buffer(), 0, length);
                } finally {
                    c.release();
                    chunksInFlight.release();
                }
                if (reader.nextPooled() != null) throw new IllegalStateException("a chunk after a short one");
                return CompletableFuture.completedFuture(new Content(List.of(id), length));
            }
            ids.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return saveBlob(BlobType.DATA, c.buffer(), 0, length);
                } finally {
                    c.release();
                    chunksInFlight.release();
                }
            }, workers));
        }
        long total = size;
        return CompletableFuture.allOf(ids.toArray(CompletableFuture[]::new))
                .thenApply(done -> new Content(ids.stream().map(CompletableFuture::join).toList(), total));
    }

    private Id saveBlob(BlobType type, byte[] data, int off, int len) {
        try {
            if (options.dryRun()) {
                return Id.hash(data, off, len);
            }
            return saver.save(type, data, off, len).id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void count(Node previous, Node now, java.util.concurrent.atomic.AtomicLong isNew,
                              java.util.concurrent.atomic.AtomicLong unmodified, java.util.concurrent.atomic.AtomicLong changed) {
        if (previous == null) isNew.incrementAndGet();
        else if (previous.equals(now)) unmodified.incrementAndGet();
        else changed.incrementAndGet();
    }

    // ---- streams ----------------------------------------------------------------------------------------------

    /**
     * Backs up one stream as the file {@code /<filename>} (§11.2): {@code --stdin}, {@code --stdin-from-command}
     * and the agent's database dumps. Intermediate directories get the snapshot time, as in current restic.
     *
     * <p>A stream that ends before its first byte is an error on the item, reported to the listener and counted
     * in the statistics (exit code 3 in the CLI); the file is left out and its directories are saved empty.
     *
     * @throws EmptySnapshotException if the stream is empty and has no directories, so the snapshot would be
     *     empty (restic: "snapshot is empty"); nothing is saved then
     */
    public Result backupStream(InputStream in, String filename) throws IOException {
        return commit(backupStreamWithoutSnapshot(in, filename));
    }

    /**
     * Saves a stream's data and trees but no snapshot yet: for {@code --stdin-from-command}, whose snapshot is
     * written only if the command succeeds, and for the agent, which checks a dump's exit status first.
     *
     * @throws EmptySnapshotException as {@link #backupStream}
     */
    public Prepared backupStreamWithoutSnapshot(InputStream in, String filename) throws IOException {
        OffsetDateTime start = GoTime.local(Instant.now());
        OffsetDateTime time = options.time() != null ? options.time() : start;
        String clean = streamPath(filename);
        List<String> parts = new ArrayList<>(Arrays.asList(clean.substring(1).split("/")));
        Content content = saveContent(in);
        long uid = SystemIdentity.uid();
        long gid = SystemIdentity.gid();
        Node node = null;
        if (content.size() == 0) {
            // As restic's stdin reader: a stream without data is an error on the item, which is left out (a dump
            // that failed before writing anything must not pass for an empty database). Its directories are
            // still saved, as restic does; without any, the snapshot would be empty.
            reportError(clean, "archival", new IOException("read " + clean + ": no data read"));
            if (parts.size() == 1) throw new EmptySnapshotException();
        } else {
            node = Node.builder(parts.getLast().getBytes(StandardCharsets.UTF_8), NodeType.FILE)
                    .mode(0644).times(time, time, time).uid(uid).gid(gid).size(content.size()).content(content.ids()).build();
            stats.filesNew.incrementAndGet();
            stats.totalFiles.incrementAndGet();
            stats.totalBytes.addAndGet(content.size());
        }
        for (int i = parts.size() - 2; ; i--) {
            byte[] json = CODEC.encode(new Tree(node == null ? List.of() : List.of(node)));
            Id id = saveBlob(BlobType.TREE, json, 0, json.length);
            if (i < 0) return new Prepared(id, List.of(clean), time, start, null);
            node = Node.builder(parts.get(i).getBytes(StandardCharsets.UTF_8), NodeType.DIR)
                    .mode(FileMode.of(NodeType.DIR, 0755)).times(time, time, time).uid(uid).gid(gid).subtree(id).build();
            stats.dirsNew.incrementAndGet();
        }
    }

    /**
     * The snapshot path of a stream named {@code filename} ({@code --stdin-filename}): cleaned, absolute, e.g.
     * {@code "/db/dump.sql"} for {@code "db//x/../dump.sql"}.
     *
     * @throws IllegalArgumentException if nothing is left of the name but the root
     */
    public static String streamPath(String filename) {
        String clean = io.jrestic.filter.PathFilter.cleanPath("/" + filename);
        if (clean.equals("/")) throw new IllegalArgumentException("invalid stdin filename \"" + filename + "\"");
        return clean;
    }

    /** A backup whose blobs are saved and whose snapshot is not written yet. */
    public record Prepared(Id tree, List<String> paths, OffsetDateTime time, OffsetDateTime start, Id parentId) {
    }

    /** Flushes packs and index, then writes the snapshot (unless this is a dry run). */
    public Result commit(Prepared p) throws IOException {
        return finish(p.tree(), p.paths(), p.time(), p.start(), p.parentId());
    }

    // ---- snapshot ---------------------------------------------------------------------------------------------

    private Result finish(Id tree, List<String> paths, OffsetDateTime time, OffsetDateTime start, Id parentId) throws IOException {
        if (!options.dryRun()) saver.flush(); // packs and index are durable before the snapshot names them
        BlobSaver.Statistics added = saver.statistics();
        OffsetDateTime end = GoTime.local(Instant.now());
        SnapshotSummary summary = new SnapshotSummary(start, end, stats.filesNew(), stats.filesChanged(),
                stats.filesUnmodified(), stats.dirsNew(), stats.dirsChanged(), stats.dirsUnmodified(),
                added.dataBlobs(), added.treeBlobs(), added.dataAdded(), added.dataAddedPacked(),
                stats.totalFilesProcessed(), stats.totalBytesProcessed());
        String host = options.hostname() != null ? options.hostname() : SystemIdentity.hostName();
        Snapshot sn = new Snapshot(time, parentId, tree, paths, host, SystemIdentity.userName(), SystemIdentity.uid(),
                SystemIdentity.gid(), options.excludePatternsForSnapshot(), options.tags(), null,
                "jrestic " + io.jrestic.archiver.Archiver.VERSION, summary);
        if (options.dryRun()) return new Result(null, sn, stats, added);
        Id id = repo.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(sn));
        return new Result(id, sn, stats, added);
    }

    /** The version recorded as the snapshot's program_version. */
    public static final String VERSION = "0.1.0";

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Tree loadTree(Id id) throws IOException {
        return TreeCodec.decode(repo.loadBlob(BlobType.TREE, id));
    }

    /** A parent tree that cannot be loaded only costs re-reading: never fail the backup over it. */
    private Tree loadTreeQuietly(Id id) {
        if (id == null) return null;
        try {
            return loadTree(id);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void reportError(String item, String during, Exception e) {
        stats.errors.incrementAndGet();
        listener.error(item, during, e);
    }

    private static void acquire(Semaphore s) {
        try {
            s.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted"));
        }
    }

    private static IOException unwrap(CompletionException e) {
        Throwable c = e.getCause();
        if (c instanceof UncheckedIOException u) return u.getCause();
        if (c instanceof IOException io) return io;
        if (c instanceof RuntimeException r) throw r;
        if (c instanceof Error err) throw err; // out of memory, say: the command's top level reports it
        return new IOException(c);
    }

    @Override
    public void close() {
        walkers.shutdownNow();
        readers.shutdownNow();
        workers.shutdownNow();
    }
}

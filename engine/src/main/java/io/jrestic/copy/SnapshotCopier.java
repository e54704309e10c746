package io.jrestic.copy;

import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import io.jrestic.snapshot.IdentifiedSnapshot;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import io.jrestic.tree.Tree;
import io.jrestic.walker.TreeWalker;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Copies snapshots from a source to a destination repository, both opened (and locked) by the caller with their
 * indexes loaded. Trees already copied in this session are not walked again; blobs the destination has are not
 * transferred. Not thread-safe.
 */
public final class SnapshotCopier {
    private final Repository source;
    private final Repository destination;
    private final TreeWalker sourceTrees;
    private final Set<Id> visitedTrees = new HashSet<>();
    /** Destination snapshots by the ID they were copied from (their {@code original}) and by their own ID. */
    private final Map<Id, List<IdentifiedSnapshot>> destinationByOriginal = new HashMap<>();

    /** The blobs one snapshot needs that the destination lacks, and the source packs that hold them. */
    public record Transfer(List<IndexEntry> blobs, Set<Id> packs) {
    }

    public SnapshotCopier(Repository source, Repository destination, List<IdentifiedSnapshot> destinationSnapshots) {
        this.source = source;
        this.destination = destination;
        this.sourceTrees = new TreeWalker(source);
        for (IdentifiedSnapshot d : destinationSnapshots) {
            if (d.snapshot().original() != null) {
                destinationByOriginal.computeIfAbsent(d.snapshot().original(), k -> new ArrayList<>()).add(d);
            }
            destinationByOriginal.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(d);
        }
    }

    /**
     * The destination snapshot that already is a copy of {@code s}: one whose original (or own ID) is the source
     * snapshot's original (or ID) and which is {@linkplain #similar similar}.
     */
    public Optional<IdentifiedSnapshot> existingCopy(IdentifiedSnapshot s) {
        Id original = s.snapshot().original() != null ? s.snapshot().original() : s.id();
        return destinationByOriginal.getOrDefault(original, List.of()).stream()
                .filter(d -> similar(d.snapshot(), s.snapshot())).findFirst();
    }

    /**
     * restic's test for "already copied": everything except parent and original must match; paths and tags as
     * sets of equal size, excludes in order, times as instants.
     */
    public static boolean similar(Snapshot a, Snapshot b) {
        return a.time().isEqual(b.time()) && a.tree() != null && a.tree().equals(b.tree())
                && a.hostname().equals(b.hostname()) && a.username().equals(b.username())
                && a.uid() == b.uid() && a.gid() == b.gid()
                && a.paths().size() == b.paths().size() && a.excludes().size() == b.excludes().size()
                && a.tags().size() == b.tags().size()
                && a.paths().containsAll(b.paths()) && a.tags().containsAll(b.tags())
                && a.excludes().equals(b.excludes());
    }

    /** Walks the snapshot's trees (skipping those seen earlier in this session) and lists what must be copied. */
    public Transfer plan(IdentifiedSnapshot s) throws IOException {
        Map<BlobKey, IndexEntry> needed = new LinkedHashMap<>();
        Set<Id> packs = new HashSet<>();
        Deque<Id> pending = new ArrayDeque<>();
        pending.add(s.snapshot().tree());
        while (!pending.isEmpty()) {
            Id treeId = pending.pop();
            if (!visitedTrees.add(treeId)) continue;
            need(needed, packs, BlobType.TREE, treeId);
            Tree tree = sourceTrees.loadTree(treeId);
            for (Node n : tree.nodes()) {
                if (n.type() == NodeType.DIR && n.subtree() != null) pending.push(n.subtree());
                if (n.content() != null) {
                    for (Id blob : n.content()) need(needed, packs, BlobType.DATA, blob);
                }
            }
        }
        List<IndexEntry> blobs = new ArrayList<>(needed.values());
        // read each source pack front to back
        blobs.sort(Comparator.comparing(IndexEntry::packId).thenComparingLong(IndexEntry::offset));
        return new Transfer(blobs, packs);
    }

    private record BlobKey(BlobType type, Id id) {
    }

    private void need(Map<BlobKey, IndexEntry> needed, Set<Id> packs, BlobType type, Id id) throws IOException {
        if (destination.index().has(type, id)) return;
        BlobKey k = new BlobKey(type, id);
        if (needed.containsKey(k)) return;
        List<IndexEntry> copies = source.index().lookupAll(type, id);
        if (copies.isEmpty()) {
            throw new RepositoryCorruptException(source.backend().location() + ": " + type.jsonName() + " blob " + id + " not found in index");
        }
        needed.put(k, copies.getFirst());
        for (IndexEntry e : copies) packs.add(e.packId());
    }

    /**
     * Copies the planned blobs (decrypted and verified from the source, re-encoded for the destination) and
     * makes them durable and indexed.
     */
    public void transfer(Transfer t) throws IOException {
        try (BlobSaver saver = destination.newBlobSaver()) {
            for (IndexEntry e : t.blobs()) {
                byte[] plain = loadVerified(e);
                saver.save(e.type(), e.id(), plain, 0, plain.length);
            }
            saver.flush();
        }
    }

    /** A blob's plaintext from the planned copy, or from any other copy if that one is damaged. */
    private byte[] loadVerified(IndexEntry e) throws IOException {
        try {
            return source.loadBlob(e);
        } catch (RepositoryCorruptException damaged) {
            return source.loadBlob(e.type(), e.id());
        }
    }

    /**
     * Saves {@code s} in the destination: without a parent (meaningless there) and with {@code original} kept, or
     * set to the source ID on a first copy. Returns the new snapshot's ID.
     */
    public Id saveSnapshot(IdentifiedSnapshot s) throws IOException {
        Snapshot copy = s.snapshot().toBuilder().parent(null).build().rewrittenFrom(s.id());
        // like restic, the snapshots copied in this run are not added to the "already copied" lookup
        return destination.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(copy));
    }
}

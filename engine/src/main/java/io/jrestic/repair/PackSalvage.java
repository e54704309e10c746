package io.jrestic.repair;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.index.IndexPack;
import io.jrestic.index.MasterIndex;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackReader;
import io.jrestic.repository.Repository;
import io.jrestic.repository.RepositoryCorruptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code repair packs} (restic ≥ 0.16): salvages the intact blobs of damaged pack files and removes the packs.
 *
 * <p>Order (restic-format §15): optional local copies of the damaged files; every blob the index or the pack's own
 * header places in a damaged pack is read and verified, and each intact one that has no intact copy in another
 * pack is written into a new pack; then a complete new index without the damaged packs is saved, the old index
 * files deleted, and finally the damaged packs. Blobs that could not be salvaged are then missing, which
 * {@code repair snapshots} deals with. Requires an exclusive lock.
 */
public final class PackSalvage {
    private final Repository repo;
    private final RepairListener listener;

    /**
     * What the salvage did.
     *
     * @param blobsSalvaged blobs copied into new packs
     * @param blobsLost     blobs that could not be read intact (and have no copy elsewhere)
     * @param packsWritten  the new packs
     */
    public record Result(int blobsSalvaged, int blobsLost, List<Id> packsWritten, List<Id> indexFilesWritten,
                         int indexFilesDeleted, List<Id> packsRemoved) {
        public Result {
            packsWritten = List.copyOf(packsWritten);
            indexFilesWritten = List.copyOf(indexFilesWritten);
            packsRemoved = List.copyOf(packsRemoved);
        }
    }

    private record BlobKey(BlobType type, Id id) {
    }

    private PackSalvage(Repository repo, RepairListener listener) {
        this.repo = repo;
        this.listener = listener;
    }

    /**
     * Salvages {@code packs}; the caller holds an exclusive lock.
     *
     * @param backupDirectory where to keep a copy {@code pack-<id>} of each damaged file first, as restic does; null
     *                        for none
     */
    public static Result run(Repository repo, Set<Id> packs, Path backupDirectory, RepairListener listener)
            throws IOException {
        if (packs.isEmpty()) throw new IllegalArgumentException("no pack IDs given");
        return new PackSalvage(repo, listener).run(packs, backupDirectory);
    }

    private Result run(Set<Id> damaged, Path backupDirectory) throws IOException {
        List<Id> oldIndexFiles = repo.list(FileType.INDEX);
        MasterIndex index = repo.loadIndex();
        Map<Id, Long> sizes = new HashMap<>();
        repo.list(FileType.PACK, info -> {
            if (damaged.contains(info.handle().id())) sizes.put(info.handle().id(), info.size());
        });
        if (backupDirectory != null) saveCopies(damaged, sizes, backupDirectory);

        listener.info("salvaging intact data from specified pack files");
        SalvageWriter writer = new SalvageWriter(repo);
        Set<BlobKey> salvaged = new HashSet<>();
        Set<BlobKey> lost = new HashSet<>();
        for (Id pack : damaged) {
            Map<Long, PackBlob> blobs = blobsOf(pack, index, sizes.get(pack));
            if (blobs.isEmpty()) listener.warn("no blobs found for pack " + pack);
            FileHandle h = FileHandle.of(FileType.PACK, pack);
            for (PackBlob b : blobs.values()) {
                BlobKey key = new BlobKey(b.type(), b.id());
                if (salvaged.contains(key) || hasCopyOutside(index, key, damaged)) continue;
                Long size = sizes.get(pack);
                String problem;
                if (size == null) {
                    problem = "pack file does not exist";
                } else if (b.end() > size) {
                    problem = "pack file of " + size + " bytes ends before the blob's end at " + b.end();
                } else {
                    byte[] envelope = repo.backend().loadRange(h, b.offset(), b.length()); // a backend failure stops here
                    try {
                        writer.write(b.type(), b.id(), repo.decodeBlob(h, b, envelope, 0));
                        salvaged.add(key);
                        lost.remove(key);
                        continue;
                    } catch (RepositoryCorruptException e) {
                        problem = e.getMessage();
                    }
                }
                listener.warn("failed to load blob " + b.id() + ": " + problem);
                lost.add(key);
            }
        }
        List<IndexPack> written = writer.finish();

        listener.info("rebuilding index");
        List<IndexPack> packs = new ArrayList<>();
        for (Id pack : index.packs()) {
            if (damaged.contains(pack)) continue;
            packs.add(new IndexPack(pack, index.blobsOfPack(pack).stream().map(IndexEntry::blob).toList()));
        }
        packs.addAll(written);
        List<Id> indexFiles = IndexFiles.write(repo, packs);
        int deleted = IndexFiles.delete(repo, oldIndexFiles, new HashSet<>(indexFiles));

        listener.info("removing salvaged pack files");
        List<Id> removed = new ArrayList<>();
        for (Id pack : damaged) {
            try {
                repo.backend().remove(FileHandle.of(FileType.PACK, pack));
                removed.add(pack);
            } catch (IOException e) {
                // prune removes it later: it is in no index any more
                listener.warn("failed to delete pack file " + pack + ": " + e.getMessage());
            }
        }
        repo.loadIndex();
        return new Result(salvaged.size(), lost.size(), written.stream().map(IndexPack::packId).toList(), indexFiles,
                deleted, removed);
    }

    /** The blobs the index and (if readable) the pack's own header place in {@code pack}, by offset. */
    private Map<Long, PackBlob> blobsOf(Id pack, MasterIndex index, Long size) throws IOException {
        Map<Long, PackBlob> blobs = new LinkedHashMap<>();
        for (IndexEntry e : index.blobsOfPack(pack)) blobs.put(e.offset(), e.blob());
        if (size != null) {
            try {
                List<PackBlob> header = PackReader.readHeader(repo.backend(), FileHandle.of(FileType.PACK, pack), size, repo.key());
                boolean incomplete = false;
                for (PackBlob b : header) {
                    if (!b.equals(blobs.get(b.offset()))) incomplete = true;
                    blobs.putIfAbsent(b.offset(), b);
                }
                if (incomplete && !blobs.isEmpty()) listener.warn("repairing incomplete index entry for pack " + pack);
            } catch (IOException e) {
                // a damaged header: the index's entries are all there is to go by
            }
        }
        return blobs;
    }

    private static boolean hasCopyOutside(MasterIndex index, BlobKey key, Set<Id> damaged) {
        for (IndexEntry e : index.lookupAll(key.type(), key.id())) {
            if (!damaged.contains(e.packId())) return true;
        }
        return false;
    }

    private void saveCopies(Set<Id> damaged, Map<Id, Long> sizes, Path directory) throws IOException {
        listener.info("saving backup copies of pack files to " + directory);
        Files.createDirectories(directory);
        for (Id pack : damaged) {
            if (!sizes.containsKey(pack)) {
                listener.warn("will remove packfile " + pack + " due to failed download: it does not exist");
                continue;
            }
            byte[] bytes;
            try {
                bytes = repo.backend().load(FileHandle.of(FileType.PACK, pack));
            } catch (IOException e) {
                listener.warn("will remove packfile " + pack + " due to failed download: " + e.getMessage());
                continue;
            }
            Files.write(directory.resolve("pack-" + pack), bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
        }
    }
}

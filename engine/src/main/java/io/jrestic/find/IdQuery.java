package io.jrestic.find;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import io.jrestic.index.IndexEntry;
import io.jrestic.pack.PackBlob;
import io.jrestic.pack.PackReader;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IDs {@code find --blob/--tree/--pack} looks for, each given in full or as its 8-character short form (other
 * prefixes match nothing, as in restic). Blobs are looked for in file contents only, trees as directories' subtrees.
 * Mutable: a short blob ID is replaced by the full one once found, and found trees are counted.
 */
public final class IdQuery {
    /** restic's short ID length. */
    static final int SHORT_LENGTH = 8;

    final Set<String> blobs;
    final Set<String> trees;
    int treesFound;

    private IdQuery(Set<String> blobs, Set<String> trees) {
        this.blobs = blobs;
        this.trees = trees;
    }

    public static IdQuery blobs(List<String> ids) {
        return new IdQuery(new LinkedHashSet<>(ids), null);
    }

    public static IdQuery trees(List<String> ids) {
        return new IdQuery(null, new LinkedHashSet<>(ids));
    }

    /**
     * The data blobs of the pack named {@code pack} (full or short ID; restic 0.14 uses only the first pattern):
     * from the pack file's header, or from the index if the file is not there.
     *
     * @throws java.nio.file.NoSuchFileException with restic's message if no such pack is known
     */
    public static IdQuery pack(Repository repo, String pack) throws IOException {
        Set<String> blobIds = new LinkedHashSet<>();
        List<Id> matched = new ArrayList<>();
        long[] size = {0};
        repo.list(FileType.PACK, info -> {
            if (matched.isEmpty() && matches(info.handle().id(), pack)) {
                matched.add(info.handle().id());
                size[0] = info.size();
            }
        });
        if (!matched.isEmpty()) {
            FileHandle h = FileHandle.of(FileType.PACK, matched.getFirst());
            for (PackBlob b : PackReader.readHeader(repo.backend(), h, size[0], repo.key())) blobIds.add(b.id().toString());
            return new IdQuery(blobIds, null);
        }
        Set<Id> indexed = new TreeSet<>();
        repo.index().forEachPack(id -> {
            if (matches(id, pack)) indexed.add(id);
        });
        if (indexed.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(pack, null, "unable to find pack(s): [" + pack + "]");
        }
        for (Id p : indexed) {
            for (IndexEntry e : repo.index().blobsOfPack(p)) blobIds.add(e.id().toString());
        }
        return new IdQuery(blobIds, null);
    }

    private static boolean matches(Id id, String given) {
        String full = id.toString();
        return full.equals(given) || full.substring(0, SHORT_LENGTH).equals(given);
    }

    /** The blob IDs sought, short ones replaced by full ones once found; empty when not looking for blobs. */
    public List<String> blobIds() {
        return blobs == null ? List.of() : List.copyOf(blobs);
    }

    /** The tree IDs sought; empty when not looking for trees. */
    public List<String> treeIds() {
        return trees == null ? List.of() : List.copyOf(trees);
    }

    boolean wantsBlob(Id id) {
        if (blobs == null) return false;
        String full = id.toString();
        if (blobs.contains(full)) return true;
        if (!blobs.remove(full.substring(0, SHORT_LENGTH))) return false;
        blobs.add(full);
        return true;
    }

    boolean wantsTree(Id id) {
        if (trees == null) return false;
        String full = id.toString();
        return trees.contains(full) || trees.contains(full.substring(0, SHORT_LENGTH));
    }

    /** restic stops a snapshot's walk once as many trees were found as were asked for (and no blobs are sought). */
    boolean allTreesFound() {
        return blobs == null && treesFound >= trees.size();
    }
}

package io.jrestic.rewrite;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.repository.BlobSaver;
import java.io.IOException;

/** Where a rewrite puts the trees it creates: a {@link BlobSaver}, or nowhere for a dry run. */
@FunctionalInterface
public interface TreeSink {
    /** Computes tree IDs without storing anything: what {@code --dry-run} needs. */
    TreeSink DRY_RUN = Id::hash;

    /** Stores a tree blob and returns its ID (the SHA-256 of {@code treeJson}). */
    Id save(byte[] treeJson) throws IOException;

    /** Saves into {@code saver}; the caller flushes it before anything refers to the trees. */
    static TreeSink of(BlobSaver saver) {
        return json -> saver.save(BlobType.TREE, json, 0, json.length).id();
    }
}

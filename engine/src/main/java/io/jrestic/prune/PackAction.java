package io.jrestic.prune;

/** What a prune does with one pack file (restic-format §18.1 step 4). */
public enum PackAction {
    /** Stays as it is: its blobs are used, or repacking it is not worth it. */
    KEEP,
    /** Its still-used blobs are copied into new packs, then it is deleted. */
    REPACK,
    /** Holds no used blob: dropped from the index, then deleted. */
    REMOVE,
    /** In the backend but in no index: deleted first, as nothing can refer to it. */
    DELETE_UNREFERENCED,
    /** In the index but missing from the backend, with no used blob: dropped from the index. */
    FORGET_MISSING
}

/**
 * Index files (restic-format §9) and the repository's in-memory index: {@link io.jrestic.index.IndexFile} is the
 * JSON codec, {@link io.jrestic.index.MasterIndex} answers "where is blob X" for millions of blobs in little
 * memory, and {@link io.jrestic.index.IndexBuilder} groups newly written packs into index files.
 */
package io.jrestic.index;

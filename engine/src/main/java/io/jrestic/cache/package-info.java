/**
 * restic's local metadata cache: snapshot files, index files and tree packs kept on local disk under restic's cache
 * directory ({@code <cache>/<repository id>/{snapshots,index,data}/<xx>/<id>}), so that listing snapshots, walking
 * trees and finding a backup's parent do not download them again.
 *
 * <p>{@link io.jrestic.cache.CacheLocation} finds the cache directory as restic does;
 * {@link io.jrestic.cache.RepositoryCache} is the directory of one repository (atomic writes, verified reads);
 * {@link io.jrestic.cache.CachingBackend} puts it in front of any {@link io.jrestic.backend.Backend}. Cached files
 * are the repository's files byte for byte, so a cache directory is shared with stock restic.
 *
 * <p>The cache lives in the engine because it needs no storage SDK but does need the repository's key and index:
 * the key to tell tree packs apart when they are uploaded, the index to tell them apart when they are read.
 */
package io.jrestic.cache;

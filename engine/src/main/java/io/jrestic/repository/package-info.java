/**
 * A restic repository opened with a key: {@link io.jrestic.repository.Repository} finds the key for a password,
 * reads and writes the encrypted files (config, snapshots, index, locks), loads blobs through the index, and
 * {@link io.jrestic.repository.BlobSaver} packs and uploads new blobs in the order that keeps the repository
 * consistent at every moment: packs first, then the index that describes them, then the snapshot.
 */
package io.jrestic.repository;

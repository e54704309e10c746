/**
 * The Google Cloud Storage backend: {@code gs:bucket:/prefix} locations (§20.3), objects in restic's layout under
 * the prefix (§2.3), uploads that never overwrite and are checksummed by the server, ranged downloads and paginated
 * listings, through google-cloud-storage's JSON API transport. {@link io.jrestic.backend.gcs.GcsBackendFactory}
 * registers it for the "gs" scheme and documents its options and environment variables.
 */
package io.jrestic.backend.gcs;

/**
 * {@link io.jrestic.id.Id}: the SHA-256 names of blobs and repository files, the one identity type of the format.
 */
package io.jrestic.id;

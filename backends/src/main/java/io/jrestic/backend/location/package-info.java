/**
 * restic's repository location syntax (§20.3) and {@code -o key=value} backend options, and the registry that opens
 * a location with the {@link io.jrestic.backend.BackendFactory} registered for its scheme.
 */
package io.jrestic.backend.location;

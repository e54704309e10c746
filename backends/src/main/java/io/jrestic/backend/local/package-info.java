/**
 * The local file system backend: restic's directory layout (§2.2) with atomic, never-overwriting saves, read-only
 * files and restic's permission rules. {@link io.jrestic.backend.local.LocalBackendFactory} registers it for the
 * "local" scheme and for bare paths.
 */
package io.jrestic.backend.local;

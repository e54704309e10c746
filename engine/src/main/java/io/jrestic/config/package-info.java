/**
 * The repository config (restic-format §5): format version, repository ID and chunker polynomial, stored
 * encrypted in the {@code config} file. {@link io.jrestic.config.Config} reads and writes its JSON; checking that
 * the polynomial is irreducible belongs to the repository layer.
 */
package io.jrestic.config;

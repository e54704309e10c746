/**
 * restic key files (restic-format §4): clear-text JSON holding scrypt parameters, a salt and the repository's
 * master key sealed under a password-derived user key. {@link io.jrestic.key.KeyFile} reads, writes, creates and
 * opens them; {@link io.jrestic.key.KdfParams} are the scrypt parameters.
 */
package io.jrestic.key;

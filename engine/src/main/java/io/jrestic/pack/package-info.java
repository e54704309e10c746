/**
 * Pack files (restic-format §8): blob envelopes back to back, then an encrypted header listing them, then the
 * header's length. {@link io.jrestic.pack.PackHeader} is the entry codec, {@link io.jrestic.pack.PackWriter}
 * assembles a pack and names it by its SHA-256, {@link io.jrestic.pack.PackReader} reads a header back from a
 * backend following restic's two-step tail read.
 */
package io.jrestic.pack;

/**
 * restic's content-defined chunking: {@link io.jrestic.chunker.Polynomial} (arithmetic over GF(2), the
 * irreducibility test and the random degree-53 polynomial of a repository config) and
 * {@link io.jrestic.chunker.Chunker} (Rabin fingerprints over a 64-byte window, cutting exactly where restic cuts).
 */
package io.jrestic.chunker;

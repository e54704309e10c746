/**
 * {@code dump}: a file of a snapshot written to a stream blob by blob, or a directory as a tar archive byte-identical
 * to what restic 0.14 produces (Go's {@code archive/tar}: USTAR headers, PAX records only where USTAR cannot express
 * a field, e.g. long or non-ASCII names and extended attributes), or as a zip archive the way Go's
 * {@code archive/zip} streams stored entries (data descriptors, extended timestamps, Unix modes, Zip64 when needed).
 */
package io.jrestic.dump;

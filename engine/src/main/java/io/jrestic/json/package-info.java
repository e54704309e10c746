/**
 * JSON as Go writes it: {@link io.jrestic.json.JsonWriter} for byte-exact output (tree IDs depend on it),
 * {@link io.jrestic.json.GoTime} for restic's time format, {@link io.jrestic.json.GoUtf8} for Go's UTF-8 rules and
 * {@link io.jrestic.json.ByteBuilder}, the unsynchronized byte buffer the encoders write into.
 * {@link io.jrestic.json.JsonReader} reads with Go's decoding rules; trees and index files, read in bulk, use it.
 * The other formats are read with Jackson's streaming parser in the packages that own them.
 */
package io.jrestic.json;

/**
 * {@code diff}: restic 0.14's comparison of two snapshot trees: the changed paths with their markers
 * ({@code +}, {@code -}, {@code M}, {@code T}, {@code U}) in name order, and the added and removed nodes and blobs.
 */
package io.jrestic.diff;

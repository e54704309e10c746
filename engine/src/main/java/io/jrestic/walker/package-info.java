/**
 * Depth-first walking of a snapshot's trees in restic's order (names sorted as raw bytes), as {@code ls},
 * {@code dump} and {@code find} use it, and resolving paths inside a snapshot ({@code snapshot:sub/folder}) to a
 * subtree or a node.
 */
package io.jrestic.walker;

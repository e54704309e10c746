/**
 * Directory trees as restic stores them (restic-format §10): {@link io.jrestic.tree.Node} (one directory entry,
 * names and symlink targets as raw bytes), {@link io.jrestic.tree.Tree} (nodes sorted by raw name bytes),
 * {@link io.jrestic.tree.TreeCodec} (byte-exact JSON, because a tree's ID is the SHA-256 of its bytes),
 * {@link io.jrestic.tree.GoQuote} (Go's {@code strconv.Quote}/{@code Unquote}, how names are made text) and
 * {@link io.jrestic.tree.FileMode} (Go's {@code os.FileMode} bits and POSIX {@code st_mode}).
 */
package io.jrestic.tree;

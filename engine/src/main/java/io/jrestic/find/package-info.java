/**
 * {@code find}: restic 0.14's search of snapshots, by name patterns (with modification-time bounds) or by blob,
 * tree or pack ID. Walks share restic's memory of subtrees in which nothing was found, so an identical subtree
 * is not searched twice (also not in later snapshots).
 */
package io.jrestic.find;

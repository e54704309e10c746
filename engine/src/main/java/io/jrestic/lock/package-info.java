/**
 * restic's repository locks (§14): shared for writers that only add, exclusive for anything that deletes;
 * refreshed while held, removed on exit, and judged stale only by an explicit unlock.
 */
package io.jrestic.lock;

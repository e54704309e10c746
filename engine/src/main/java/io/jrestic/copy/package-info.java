/**
 * {@code copy}: transferring snapshots with every blob they need from one repository to another, re-encrypted
 * with the destination's key and stored per the destination's compression (blobs are never re-chunked), and
 * recognising snapshots the destination already has a copy of, as restic 0.14 does.
 */
package io.jrestic.copy;

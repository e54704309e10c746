/**
 * {@code check}: verification of a repository as restic's {@code check} does it (restic-format §16).
 *
 * <p>{@link io.jrestic.checker.Checker} runs the phases in restic's order: list snapshots, load every index file
 * (duplicate and mixed packs are hints, unloadable indexes errors), compare indexed packs with the stored files
 * (missing or mis-sized packs are errors, packs in no index hints), walk every snapshot's trees (loadable, valid,
 * every file's data blobs indexed), optionally report unused blobs, and with {@code --read-data} stream selected
 * packs once each ({@link io.jrestic.checker.PackVerifier}). {@link io.jrestic.checker.PackSubset} is restic's
 * {@code --read-data-subset}. Everything found is a {@link io.jrestic.checker.Finding} handed to a
 * {@link io.jrestic.checker.CheckListener}; formatting is the caller's business.
 */
package io.jrestic.checker;

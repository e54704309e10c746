/**
 * Snapshots (restic-format §11): the {@link io.jrestic.snapshot.Snapshot} record and its
 * {@link io.jrestic.snapshot.SnapshotSummary}, {@link io.jrestic.snapshot.SnapshotCodec} (the stored JSON and the
 * {@code id}/{@code short_id} form commands print), {@link io.jrestic.snapshot.SnapshotFilter} (restic's
 * {@code --host}/{@code --tag}/{@code --path} selection and {@code latest}) and {@link io.jrestic.snapshot.IdPrefix}
 * (resolving an abbreviated ID). A snapshot's ID is the name of its file, so it is kept beside the record in
 * {@link io.jrestic.snapshot.IdentifiedSnapshot}, never inside it.
 */
package io.jrestic.snapshot;

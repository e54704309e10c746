package io.jrestic.checker;

/**
 * Receives findings as a check runs. Called from the checker's worker threads, one call at a time (the checker
 * serialises calls), so an implementation needs no locking of its own.
 */
@FunctionalInterface
public interface CheckListener {
    void finding(Finding finding);

    /** A pack has been read completely by {@code --read-data}; for progress display. */
    default void packRead(io.jrestic.id.Id packId) {
    }
}

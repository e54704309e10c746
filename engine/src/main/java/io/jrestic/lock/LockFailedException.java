package io.jrestic.lock;

import io.jrestic.repository.RepositoryException;

/** The repository is locked by someone else in a conflicting mode (restic exit code 11). */
public final class LockFailedException extends RepositoryException {
    public LockFailedException(String message) {
        super(message);
    }
}

package io.jrestic.repository;

/** No key file of the repository opens with the given password. */
public final class WrongPasswordException extends RepositoryException {
    public WrongPasswordException(String message) {
        super(message);
    }
}

package io.jrestic.backend.retry;

/**
 * Marks an exception that retrying cannot fix (bad credentials, a forbidden request, a full quota), so
 * {@link RetryingBackend} fails at once. Implemented by backend-specific {@link java.io.IOException} subclasses;
 * {@link java.nio.file.NoSuchFileException}, {@link java.nio.file.FileAlreadyExistsException} and
 * {@link java.nio.file.AccessDeniedException} are treated as permanent without it.
 */
public interface PermanentBackendException {
}

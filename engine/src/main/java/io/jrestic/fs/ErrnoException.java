package io.jrestic.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A failed POSIX call whose errno has no more specific {@link FileSystemException} subclass. The message is one
 * line, {@code "<operation> <path>: <reason>"}, e.g. {@code "write /srv/x: no space left on device"}.
 * {@link #forCall} makes the exception for any errno: a missing file is a {@link NoSuchFileException}, an existing
 * one a {@link FileAlreadyExistsException}, EACCES and EPERM an {@link AccessDeniedException}, ENOTDIR a
 * {@link NotDirectoryException} and ENOTEMPTY a {@link DirectoryNotEmptyException}; those carry the same line as
 * their message (and reason).
 */
public final class ErrnoException extends FileSystemException {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    /** Also ENOTSUP on Linux. */
    public static final int EOPNOTSUPP = 95;

    private final String operation;
    private final int errno;

    private ErrnoException(String operation, String file, int errno) {
        super(file, null, Libc.errorText(errno));
        this.operation = operation;
        this.errno = errno;
    }

    /** The errno value the call failed with. */
    public int errno() {
        return errno;
    }

    /** The name of the call that failed, e.g. {@code "open"}. */
    public String operation() {
        return operation;
    }

    @Override
    public String getMessage() {
        return operation + " " + getFile() + ": " + getReason();
    }

    /**
     * The exception for {@code operation} on {@code path} (and {@code otherPath}, for calls naming two paths, or
     * {@code null}) failing with {@code errno}.
     */
    static IOException forCall(String operation, byte[] path, byte[] otherPath, int errno) {
        String file = otherPath == null ? PathText.of(path) : PathText.of(path) + " " + PathText.of(otherPath);
        String line = operation + " " + file + ": " + Libc.errorText(errno);
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(null, null, line);
            case EEXIST -> new FileAlreadyExistsException(null, null, line);
            case EACCES, EPERM -> new AccessDeniedException(null, null, line);
            case ENOTDIR -> new NotDirectoryException(line);
            case ENOTEMPTY -> new DirectoryNotEmptyException(line);
            default -> new ErrnoException(operation, file, errno);
        };
    }
}

package io.jrestic.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The bytes of one file to save. It can be opened more than once, so a backend may retry an upload,
 * and knows its length up front, which object stores and the REST protocol need.
 */
public interface ByteSource {
    long length();

    InputStream open() throws IOException;

    /** {@link #open()} for HTTP clients that take a stream supplier: an I/O error is rethrown unchecked. */
    default InputStream openUnchecked() {
        try {
            return open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes all bytes to {@code out}; the default copies {@link #open()}. */
    default void writeTo(OutputStream out) throws IOException {
        try (InputStream in = open()) {
            in.transferTo(out);
        }
    }

    /**
     * The same bytes for a backend to compute checksums from before it uploads them: without what applies only to
     * the transfer itself, such as a bandwidth limit (hashing a pack is not sending it). Usually this source.
     */
    default ByteSource forChecksum() {
        return this;
    }

    /** MD5 of the content for integrity headers, or null when the source does not know it cheaply. */
    default byte[] md5() {
        return null;
    }

    /**
     * The file that holds exactly these bytes, if the source is one; its owner deletes it after the save, so a
     * backend on the same file system may link it into place instead of copying it. Null for other sources.
     */
    default Path file() {
        return null;
    }

    /** The {@code length} bytes of {@code file}, which must not change until the save returns. */
    static ByteSource ofFile(Path file, long length) {
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                Files.copy(file, out);
            }

            @Override
            public Path file() {
                return file;
            }
        };
    }

    static ByteSource of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** A view of {@code bytes[offset, offset+length)}; the caller must not change them until the save returns. */
    static ByteSource of(byte[] bytes, int offset, int length) {
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes, offset, length);
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public byte[] md5() {
                try {
                    MessageDigest md = MessageDigest.getInstance("MD5");
                    md.update(bytes, offset, length);
                    return md.digest();
                } catch (java.security.NoSuchAlgorithmException e) {
                    return null;
                }
            }
        };
    }
}

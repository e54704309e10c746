package io.jrestic.backend;

import java.io.IOException;
import java.util.Map;

/**
 * Opens the backends of one location scheme ("local", "s3", "gs", "rest", …). Implementations live in the backends
 * module and register themselves for {@link java.util.ServiceLoader} (a {@code META-INF/services} entry), so the
 * engine and the command line find them by scheme without importing them.
 *
 * <p>Implementations need a public no-argument constructor and must be cheap to construct: the registry
 * instantiates every factory on the class path just to learn its scheme.
 */
public interface BackendFactory {

    /** The location prefix this factory handles, without the colon, e.g. "s3". Lowercase, unique. */
    String scheme();

    /**
     * Opens (but does not create) the backend at {@code location}.
     *
     * @param location    the location text after {@code "<scheme>:"}, e.g. "/srv/repo" for "local:/srv/repo" or
     *                    "//host/bucket/prefix" for "s3://host/bucket/prefix"; for a bare local path, the path
     * @param options     this scheme's {@code -o <scheme>.<key>=<value>} options, keyed by {@code <key>} (prefix
     *                    removed); a factory rejects keys it does not know with an {@link IllegalArgumentException}
     * @param environment the process environment (credentials, regions, …); factories read only their own variables
     * @throws IllegalArgumentException if the location or an option is malformed (one-line message naming it)
     * @throws IOException              if the medium cannot be reached
     */
    Backend open(String location, Map<String, String> options, Map<String, String> environment) throws IOException;
}

package io.jrestic.cache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where restic keeps its cache: {@code --cache-dir}, else {@code $RESTIC_CACHE_DIR}, else the user's cache directory
 * ({@code $XDG_CACHE_HOME}, else {@code $HOME/.cache}) followed by {@code restic}. jrestic uses the same directory,
 * so both programs share one cache.
 */
public final class CacheLocation {
    /** The sub-directory of the user's cache directory that restic uses. */
    public static final String DIRECTORY_NAME = "restic";

    private CacheLocation() {
    }

    /**
     * The cache's base directory.
     *
     * @param option      the {@code --cache-dir} value, or null
     * @param environment the process environment
     * @throws IOException with restic's message if no directory can be determined
     */
    public static Path resolve(String option, Map<String, String> environment) throws IOException {
        return find(option, environment).orElseThrow(() ->
                new IOException("unable to locate cache directory: neither $XDG_CACHE_HOME nor $HOME are defined"));
    }

    /** The cache's base directory, or empty if neither the option nor any of the variables names one. */
    public static Optional<Path> find(String option, Map<String, String> environment) {
        if (option != null && !option.isEmpty()) return Optional.of(Path.of(option));
        String explicit = environment.get("RESTIC_CACHE_DIR");
        if (explicit != null && !explicit.isEmpty()) return Optional.of(Path.of(explicit));
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) return Optional.of(Path.of(xdg, DIRECTORY_NAME));
        String home = environment.get("HOME");
        if (home != null && !home.isEmpty()) return Optional.of(Path.of(home, ".cache", DIRECTORY_NAME));
        return Optional.empty();
    }
}

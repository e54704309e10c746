package io.jrestic.backend.location;

import java.util.Objects;
import java.util.Set;

/**
 * A parsed repository location: the backend scheme and the text the backend interprets, e.g. {@code s3} and
 * {@code //host/bucket/prefix} for {@code s3://host/bucket/prefix}, or {@code local} and {@code /srv/repo} for
 * {@code /srv/repo}.
 *
 * <p>restic's rule (§20.3): the text before the first colon is the scheme if it names a backend. Otherwise the
 * location is a local directory if it looks like a path (starts with {@code /}, {@code \}, {@code ../},
 * {@code ..\} or a drive such as {@code C:\}) or has no colon at all; anything else is rejected, because a typo in
 * a scheme must not silently become a directory.
 *
 * @param scheme  the backend name, e.g. "local", "s3"
 * @param address everything after {@code "<scheme>:"}; for a bare path, the whole path
 */
public record Location(String scheme, String address) {
    public static final String LOCAL = "local";
    /** The backends stock restic knows; they parse as such even when this build cannot open them. */
    public static final Set<String> RESTIC_SCHEMES =
            Set.of(LOCAL, "sftp", "rest", "s3", "gs", "azure", "b2", "swift", "rclone");

    public Location {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
    }

    /** Parses with restic's own backend names. */
    public static Location parse(String text) {
        return parse(text, Set.of());
    }

    /** Parses with restic's backend names plus {@code moreSchemes} (backends registered in this build). */
    public static Location parse(String text, Set<String> moreSchemes) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty repository location");
        }
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon);
        if (colon >= 0 && isScheme(scheme, moreSchemes)) {
            return new Location(scheme, text.substring(colon + 1));
        }
        if (colon < 0 || looksLikePath(text)) {
            return new Location(LOCAL, text);
        }
        throw new IllegalArgumentException("invalid backend \"" + scheme + "\" in repository location \"" + text
                + "\"; for a local directory add a \"local:\" prefix");
    }

    private static boolean isScheme(String scheme, Set<String> moreSchemes) {
        return RESTIC_SCHEMES.contains(scheme) || moreSchemes.contains(scheme);
    }

    private static boolean looksLikePath(String text) {
        return text.startsWith("/") || text.startsWith("\\") || text.startsWith("../") || text.startsWith("..\\")
                || hasDrive(text);
    }

    /** "C:\…" or "C:/…", as Windows paths start. */
    private static boolean hasDrive(String text) {
        if (text.length() < 3 || text.charAt(1) != ':') return false;
        char drive = text.charAt(0);
        char separator = text.charAt(2);
        return ((drive >= 'a' && drive <= 'z') || (drive >= 'A' && drive <= 'Z'))
                && (separator == '\\' || separator == '/');
    }

    @Override
    public String toString() {
        return scheme + ":" + address;
    }
}

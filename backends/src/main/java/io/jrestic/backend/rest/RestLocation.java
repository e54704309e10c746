package io.jrestic.backend.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A REST server repository (§20.1): the base URL, always ending in {@code /}, and the HTTP basic credentials, from
 * the URL's user info or else from {@code RESTIC_REST_USERNAME}/{@code RESTIC_REST_PASSWORD}.
 *
 * @param base     the repository URL without user info, e.g. {@code http://host:8000/repo/}
 * @param username the basic-auth user, or null
 * @param password the basic-auth password, or null; never shown by {@link #toString()}
 */
public record RestLocation(URI base, String username, String password) {

    /** Parses the text after {@code rest:}; {@link IllegalArgumentException} if it is not an http(s) URL. */
    public static RestLocation parse(String address, Map<String, String> environment) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw invalid(address, "not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw invalid(address, "expected an http:// or https:// URL");
        }
        if (uri.getHost() == null) throw invalid(address, "the host is missing");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(address, "a repository URL has no query or fragment");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) path += "/";
        String authority = uri.getRawAuthority();
        String userInfo = uri.getRawUserInfo();
        String username = null;
        String password = null;
        if (userInfo != null) {
            authority = authority.substring(userInfo.length() + 1);
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        } else {
            username = nonEmpty(environment.get("RESTIC_REST_USERNAME"));
            password = nonEmpty(environment.get("RESTIC_REST_PASSWORD"));
        }
        return new RestLocation(URI.create(scheme + "://" + authority + path), username, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static IllegalArgumentException invalid(String address, String why) {
        // The address may hold a password: show only what precedes the user info.
        return new IllegalArgumentException("invalid location \"rest:" + redact(address) + "\": " + why);
    }

    /** {@code address} with any password in its user info replaced by {@code ***}. */
    private static String redact(String address) {
        int schemeEnd = address.indexOf("://");
        int at = address.indexOf('@', schemeEnd + 3);
        if (schemeEnd < 0 || at < 0) return address;
        String userInfo = address.substring(schemeEnd + 3, at);
        int colon = userInfo.indexOf(':');
        return colon < 0 ? address
                : address.substring(0, schemeEnd + 3) + userInfo.substring(0, colon) + ":***" + address.substring(at);
    }

    /** The URL of a repository path such as {@code data/<id>} or {@code keys/}. */
    public URI resolve(String path) {
        return base.resolve(path);
    }

    /** For messages: the URL with the user but never the password, as {@code rest:http://user:***@host/repo/}. */
    @Override
    public String toString() {
        if (username == null) return "rest:" + base;
        String withUser = base.getScheme() + "://" + username + (password == null ? "" : ":***") + "@"
                + base.getRawAuthority() + base.getRawPath();
        return "rest:" + withUser;
    }
}

package io.jrestic.backend.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an S3 repository lives (§20.3): the endpoint, the bucket and the key prefix below which the repository's
 * files are stored ({@code <prefix>/config}, {@code <prefix>/data/<xx>/<id>}, …; §2.3).
 *
 * <p>Accepted forms, after {@code s3:}: {@code https://host[:port]/bucket[/prefix]}, {@code http://…} (plain HTTP),
 * {@code //host/bucket[/prefix]} and {@code host[:port]/bucket[/prefix]} (both HTTPS).
 *
 * @param scheme   "https" or "http"
 * @param host     the endpoint's host and optional port, e.g. "s3.amazonaws.com" or "127.0.0.1:9000"
 * @param bucket   the bucket name
 * @param prefix   the cleaned key prefix without leading or trailing slashes; empty for the bucket's root
 */
public record S3Location(String scheme, String host, String bucket, String prefix) {
    /** {@code s3.<region>.amazonaws.com}, {@code s3-<region>.amazonaws.com}, {@code s3.dualstack.<region>…}. */
    private static final Pattern AWS_REGIONAL_HOST =
            Pattern.compile("s3[.-](?:dualstack\\.)?([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");
    private static final String AWS_GLOBAL_HOST = "s3.amazonaws.com";

    /** Parses the text after {@code s3:}; {@link IllegalArgumentException} names the location if it is malformed. */
    public static S3Location parse(String address) {
        String scheme = "https";
        String rest = address;
        if (address.startsWith("http://") || address.startsWith("https://")) {
            URI uri;
            try {
                uri = new URI(address);
            } catch (URISyntaxException e) {
                throw invalid(address, "not a URL (" + e.getReason() + ")");
            }
            if (uri.getRawUserInfo() != null) {
                throw invalid(address, "credentials belong in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, not the URL");
            }
            if (uri.getHost() == null) throw invalid(address, "the host is missing");
            scheme = uri.getScheme();
            rest = uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } else if (address.startsWith("//")) {
            rest = address.substring(2);
        }
        List<String> parts = clean(rest);
        if (parts.isEmpty() || parts.getFirst().isEmpty()) throw invalid(address, "the endpoint host is missing");
        if (parts.size() < 2) throw invalid(address, "the bucket name is missing (expected host/bucket[/prefix])");
        return new S3Location(scheme, parts.get(0), parts.get(1), String.join("/", parts.subList(2, parts.size())));
    }

    /** Splits at slashes like Go's path.Clean: empty and "." segments dropped, ".." removes the previous one. */
    private static List<String> clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.size() > 2) parts.removeLast(); // never climb out of the bucket
                continue;
            }
            parts.add(part);
        }
        return parts;
    }

    private static IllegalArgumentException invalid(String address, String why) {
        return new IllegalArgumentException("invalid location \"s3:" + address + "\": " + why);
    }

    /** The endpoint as a URL, e.g. {@code http://127.0.0.1:9000}. */
    public URI endpoint() {
        return URI.create(scheme + "://" + host);
    }

    /** True for Amazon's own endpoints, where buckets are addressed by DNS and the region matters. */
    public boolean isAws() {
        String name = hostName();
        return name.endsWith(".amazonaws.com") || name.endsWith(".amazonaws.com.cn");
    }

    /** True for {@code s3.amazonaws.com}, which serves every region. */
    public boolean isAwsGlobal() {
        return hostName().equals(AWS_GLOBAL_HOST);
    }

    /** The region named in an AWS regional host name ({@code s3.eu-west-1.amazonaws.com}), or null. */
    public String regionFromHost() {
        Matcher m = AWS_REGIONAL_HOST.matcher(hostName());
        return m.matches() && !m.group(1).equals("external-1") ? m.group(1) : null;
    }

    private String hostName() {
        int colon = host.lastIndexOf(':');
        String name = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
        return name.toLowerCase(Locale.ROOT);
    }

    /** The object key of a repository path such as {@code data/ab/ab12…}. */
    public String key(String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }

    @Override
    public String toString() {
        return "s3:" + scheme + "://" + host + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}

package io.jrestic.backend.s3;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code -o s3.<key>=<value>} options and region environment of one S3 backend.
 *
 * @param region       the signing region, or null when unknown (then {@value #DEFAULT_REGION}, and on AWS the client
 *                     follows a bucket into its own region)
 * @param bucketLookup path-style or virtual-host (DNS) addressing of the bucket
 * @param storageClass the storage class of saved packs, or null for the bucket's default; metadata files keep the
 *                     default so they stay readable at once even with an archive class
 * @param connections  how many requests to run at once
 * @param encryption   server-side encryption of saved objects
 * @param checksums    true to let the SDK add its CRC checksums to every upload and check them on downloads; off by
 *                     default for the widest compatibility, uploads then carry Content-MD5
 */
public record S3Settings(String region, BucketLookup bucketLookup, String storageClass, int connections,
                         S3Encryption encryption, boolean checksums) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final int DEFAULT_CONNECTIONS = 5;

    static final String REGION = "region";
    static final String BUCKET_LOOKUP = "bucket-lookup";
    static final String STORAGE_CLASS = "storage-class";
    static final String CONNECTIONS = "connections";
    static final String CHECKSUMS = "checksums";
    private static final Set<String> KNOWN = Set.of(REGION, BUCKET_LOOKUP, STORAGE_CLASS, CONNECTIONS, CHECKSUMS,
            S3Encryption.MODE_OPTION, S3Encryption.KMS_KEY_OPTION, S3Encryption.CUSTOMER_KEY_FILE_OPTION);

    /** How the bucket appears in request URLs. */
    public enum BucketLookup {
        /** Virtual-host style on AWS, path style elsewhere (S3-compatible servers seldom have wildcard DNS). */
        AUTO,
        /** {@code https://bucket.host/key}. */
        DNS,
        /** {@code https://host/bucket/key}. */
        PATH
    }

    public S3Settings {
        if (connections < 1) throw new IllegalArgumentException("s3 connections must be at least 1, not " + connections);
    }

    public static S3Settings defaults() {
        return new S3Settings(null, BucketLookup.AUTO, null, DEFAULT_CONNECTIONS, S3Encryption.NONE, false);
    }

    /**
     * Reads the options (keys without the {@code s3.} prefix) and the region variables
     * ({@code AWS_DEFAULT_REGION}, then {@code AWS_REGION}); an option wins over the environment.
     *
     * @throws IllegalArgumentException naming an unknown or malformed option
     */
    public static S3Settings parse(Map<String, String> options, Map<String, String> environment) {
        for (String key : options.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown option s3." + key + " for backend s3 (known: s3."
                        + String.join(", s3.", new TreeSet<>(KNOWN)) + ")");
            }
        }
        String region = nonEmpty(options.get(REGION));
        if (region == null) region = nonEmpty(environment.get("AWS_DEFAULT_REGION"));
        if (region == null) region = nonEmpty(environment.get("AWS_REGION"));
        return new S3Settings(region,
                bucketLookup(options.getOrDefault(BUCKET_LOOKUP, "auto")),
                nonEmpty(options.get(STORAGE_CLASS)),
                connections(options.getOrDefault(CONNECTIONS, String.valueOf(DEFAULT_CONNECTIONS))),
                S3Encryption.fromOptions(nonEmpty(options.get(S3Encryption.MODE_OPTION)),
                        nonEmpty(options.get(S3Encryption.KMS_KEY_OPTION)),
                        nonEmpty(options.get(S3Encryption.CUSTOMER_KEY_FILE_OPTION))),
                checksums(options.getOrDefault(CHECKSUMS, "when-required")));
    }

    /** Whether requests put the bucket in the path for {@code location}. */
    public boolean pathStyle(S3Location location) {
        return switch (bucketLookup) {
            case PATH -> true;
            case DNS -> false;
            case AUTO -> !location.isAws();
        };
    }

    private static String nonEmpty(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static BucketLookup bucketLookup(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> BucketLookup.AUTO;
            case "dns" -> BucketLookup.DNS;
            case "path" -> BucketLookup.PATH;
            default -> throw new IllegalArgumentException("invalid option s3." + BUCKET_LOOKUP + "=" + value
                    + ": expected auto, dns or path");
        };
    }

    private static int connections(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid option s3." + CONNECTIONS + "=" + value + ": expected a positive integer");
    }

    private static boolean checksums(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "when-required", "off" -> false;
            case "when-supported", "on" -> true;
            default -> throw new IllegalArgumentException("invalid option s3." + CHECKSUMS + "=" + value
                    + ": expected when-required or when-supported");
        };
    }
}

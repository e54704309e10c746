package io.jrestic.backend.s3;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the S3 credentials come from, looked up in the given environment (not the process's, so a command run
 * in-process sees its own variables), in restic's order: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 * (+ {@code AWS_SESSION_TOKEN}), {@code MINIO_ACCESS_KEY}/{@code MINIO_SECRET_KEY}, the shared credentials file
 * ({@code AWS_SHARED_CREDENTIALS_FILE}, default {@code ~/.aws/credentials}) with profile {@code AWS_PROFILE}, then
 * the SDK's default chain (container and instance roles), and finally anonymous access.
 *
 * @param provider    the SDK provider
 * @param description where the credentials come from, for error messages (never the secret)
 */
public record S3Credentials(AwsCredentialsProvider provider, String description) {

    public static S3Credentials fromEnvironment(Map<String, String> environment) {
        String keyId = nonEmpty(environment.get("AWS_ACCESS_KEY_ID"));
        String secret = nonEmpty(environment.get("AWS_SECRET_ACCESS_KEY"));
        if ((keyId == null) != (secret == null)) {
            throw new IllegalArgumentException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (only "
                    + (keyId != null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") + " is set)");
        }
        if (keyId != null) {
            String token = nonEmpty(environment.get("AWS_SESSION_TOKEN"));
            return new S3Credentials(StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(keyId, secret)
                    : AwsSessionCredentials.create(keyId, secret, token)), "AWS_ACCESS_KEY_ID " + keyId);
        }
        String minioKey = nonEmpty(environment.get("MINIO_ACCESS_KEY"));
        String minioSecret = nonEmpty(environment.get("MINIO_SECRET_KEY"));
        if (minioKey != null && minioSecret != null) {
            return new S3Credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(minioKey, minioSecret)),
                    "MINIO_ACCESS_KEY " + minioKey);
        }
        String profile = nonEmpty(environment.get("AWS_PROFILE"));
        Path file = credentialsFile(environment);
        if (file != null && Files.isRegularFile(file)) {
            String name = profile == null ? "default" : profile;
            ProfileFile profiles = ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build();
            if (profiles.profile(name).isPresent()) {
                return new S3Credentials(ProfileCredentialsProvider.builder().profileFile(profiles).profileName(name).build(),
                        "profile " + name + " in " + file);
            }
            if (profile != null) {
                throw new IllegalArgumentException("AWS_PROFILE=" + profile + ": no such profile in " + file);
            }
        } else if (environment.containsKey("AWS_SHARED_CREDENTIALS_FILE")) {
            throw new IllegalArgumentException("AWS_SHARED_CREDENTIALS_FILE=" + file + ": no such file");
        }
        return new S3Credentials(AwsCredentialsProviderChain.builder()
                .credentialsProviders(DefaultCredentialsProvider.builder().build(), AnonymousCredentialsProvider.create())
                .build(), "the AWS default credential chain (or anonymous access)");
    }

    private static Path credentialsFile(Map<String, String> environment) {
        String explicit = nonEmpty(environment.get("AWS_SHARED_CREDENTIALS_FILE"));
        if (explicit != null) return Path.of(explicit);
        String home = nonEmpty(environment.get("HOME"));
        return home == null ? null : Path.of(home, ".aws", "credentials");
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

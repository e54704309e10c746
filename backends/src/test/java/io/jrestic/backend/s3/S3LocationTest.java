package io.jrestic.backend.s3;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** restic's s3 location forms (§20.3) and the options of §20.3/§20.4. */
class S3LocationTest {

    @Test
    void urlFormsChooseTheSchemeAndSplitEndpointBucketAndPrefix() {
        assertEquals(new S3Location("https", "minio.example:9000", "bucket", "a/b"),
                S3Location.parse("https://minio.example:9000/bucket/a/b"));
        assertEquals(new S3Location("http", "127.0.0.1:9000", "bucket", ""), S3Location.parse("http://127.0.0.1:9000/bucket"));
        assertEquals("http://127.0.0.1:9000", S3Location.parse("http://127.0.0.1:9000/bucket").endpoint().toString());
    }

    @Test
    void hostFormsMeanHttpsAndTheDoubleSlashFormIsTheSame() {
        S3Location plain = S3Location.parse("s3.amazonaws.com/bucket/prefix");
        assertEquals(new S3Location("https", "s3.amazonaws.com", "bucket", "prefix"), plain);
        assertEquals(plain, S3Location.parse("//s3.amazonaws.com/bucket/prefix"));
        assertEquals(new S3Location("https", "s3.amazonaws.com", "bucket", ""), S3Location.parse("s3.amazonaws.com/bucket"));
    }

    @Test
    void prefixesAreCleanedLikeGoPaths() {
        assertEquals("a/c", S3Location.parse("host/bucket//a/./b/../c/").prefix());
        assertEquals("", S3Location.parse("host/bucket/").prefix());
        assertEquals("p/config", S3Location.parse("host/bucket/p").key("config"));
        assertEquals("config", S3Location.parse("host/bucket").key("config"));
    }

    @Test
    void aMissingBucketOrHostIsRejectedNamingTheLocation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Location.parse("host"));
        assertEquals("invalid location \"s3:host\": the bucket name is missing (expected host/bucket[/prefix])", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("http://host:9000/"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse(""));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("https://key:secret@host/bucket"));
    }

    @Test
    void awsHostsAreRecognisedWithTheirRegion() {
        assertTrue(S3Location.parse("s3.amazonaws.com/b").isAwsGlobal());
        assertNull(S3Location.parse("s3.amazonaws.com/b").regionFromHost());
        assertEquals("eu-west-1", S3Location.parse("s3.eu-west-1.amazonaws.com/b").regionFromHost());
        assertEquals("eu-central-1", S3Location.parse("s3-eu-central-1.amazonaws.com/b").regionFromHost());
        assertFalse(S3Location.parse("http://127.0.0.1:9000/b").isAws());
    }

    @Test
    void optionsAndRegionVariables() {
        S3Settings defaults = S3Settings.parse(Map.of(), Map.of());
        assertNull(defaults.region());
        assertEquals(S3Settings.DEFAULT_CONNECTIONS, defaults.connections());
        assertEquals(S3Settings.BucketLookup.AUTO, defaults.bucketLookup());
        assertFalse(defaults.checksums());

        assertEquals("eu-west-2", S3Settings.parse(Map.of(), Map.of("AWS_DEFAULT_REGION", "eu-west-2")).region());
        assertEquals("us-west-1", S3Settings.parse(Map.of("region", "us-west-1"), Map.of("AWS_DEFAULT_REGION", "eu-west-2")).region());

        S3Settings set = S3Settings.parse(Map.of("bucket-lookup", "dns", "storage-class", "STANDARD_IA",
                "connections", "8", "sse", "aws:kms", "sse-kms-key-id", "key-1", "checksums", "when-supported"), Map.of());
        assertEquals(S3Settings.BucketLookup.DNS, set.bucketLookup());
        assertEquals("STANDARD_IA", set.storageClass());
        assertEquals(8, set.connections());
        assertEquals("SSE-KMS (key-1)", set.encryption().toString());
        assertTrue(set.checksums());
    }

    @Test
    void pathStyleUnlessDnsOrAws() {
        S3Location minio = S3Location.parse("http://127.0.0.1:9000/b");
        S3Location aws = S3Location.parse("s3.amazonaws.com/b");
        assertTrue(S3Settings.parse(Map.of(), Map.of()).pathStyle(minio));
        assertFalse(S3Settings.parse(Map.of(), Map.of()).pathStyle(aws));
        assertFalse(S3Settings.parse(Map.of("bucket-lookup", "dns"), Map.of()).pathStyle(minio));
        assertTrue(S3Settings.parse(Map.of("bucket-lookup", "path"), Map.of()).pathStyle(aws));
    }

    @Test
    void badOptionsAreRejectedByName() {
        assertEquals("invalid option s3.bucket-lookup=virtual: expected auto, dns or path",
                assertThrows(IllegalArgumentException.class,
                        () -> S3Settings.parse(Map.of("bucket-lookup", "virtual"), Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> S3Settings.parse(Map.of("connections", "0"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> S3Settings.parse(Map.of("sse", "rot13"), Map.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Settings.parse(Map.of("layout", "s3legacy"), Map.of()))
                .getMessage().startsWith("unknown option s3.layout for backend s3"));
    }

    @Test
    void sseCustomerKeysComeFromAFileAndAreNeverShown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("key"),
                java.util.Base64.getEncoder().encode(key));
        S3Settings settings = S3Settings.parse(Map.of("sse-c-key-file", file.toString()), Map.of());
        assertTrue(settings.encryption().usesCustomerKey());
        assertEquals("SSE-C", settings.encryption().toString());
        java.nio.file.Files.write(file, new byte[5]);
        assertThrows(IllegalArgumentException.class, () -> S3Settings.parse(Map.of("sse-c-key-file", file.toString()), Map.of()));
    }

    @Test
    void credentialsNeedBothKeyIdAndSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3Credentials.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "id")));
        assertFalse(e.getMessage().contains("=id"), e.getMessage());
        assertEquals("AWS_ACCESS_KEY_ID id", S3Credentials.fromEnvironment(
                Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret")).description());
    }

    @Test
    void credentialsComeFromTheSharedFileAndProfile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("credentials"),
                "[default]\naws_access_key_id = A\naws_secret_access_key = B\n[backup]\naws_access_key_id = C\naws_secret_access_key = D\n");
        S3Credentials backup = S3Credentials.fromEnvironment(
                Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString(), "AWS_PROFILE", "backup"));
        assertEquals("C", backup.provider().resolveCredentials().accessKeyId());
        assertEquals("A", S3Credentials.fromEnvironment(Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString()))
                .provider().resolveCredentials().accessKeyId());
        assertThrows(IllegalArgumentException.class, () -> S3Credentials.fromEnvironment(
                Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString(), "AWS_PROFILE", "missing")));
    }
}

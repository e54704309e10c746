package io.jrestic.backend.s3;

import io.jrestic.backend.Backend;
import io.jrestic.backend.ByteSource;
import io.jrestic.backend.ExactLengthInputStream;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileInfo;
import io.jrestic.backend.FileType;
import io.jrestic.backend.tls.ClientTls;
import io.jrestic.id.Id;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.AttributeMap;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A repository in an S3 bucket below a key prefix (§2.3), through the AWS SDK for Java v2 with its
 * Apache HttpClient 5 transport. Works with AWS and with S3-compatible servers (MinIO, Ceph, S3Proxy, …), which
 * are addressed path-style by default.
 *
 * <p>Saves are single PUTs of known length with {@code Content-MD5}, so the server checks the bytes and an object
 * is either complete under its name or absent. They carry {@code If-None-Match: *}, so an existing object is never
 * replaced; a server that answers that header with 501 is remembered, and saves then check for the object first.
 * Reads are ranged GETs. The SDK's own retries are off: wrap this backend in a
 * {@link io.jrestic.backend.retry.RetryingBackend} ({@link S3BackendFactory} does), which sees client errors as
 * permanent.
 */
public final class S3Backend implements Backend {
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(5);
    private static final int NOT_FOUND = 404;
    private static final int FORBIDDEN = 403;
    private static final int PRECONDITION_FAILED = 412;
    private static final int NOT_IMPLEMENTED = 501;
    private static final Set<String> CREDENTIAL_ERRORS =
            Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidSecurity");

    private final S3Location location;
    private final S3Settings settings;
    private final S3Credentials credentials;
    private final S3Client s3;
    /** Cleared when the server rejected {@code If-None-Match} as not implemented. */
    private volatile boolean conditionalWrites = true;

    /** Opens (without contacting it) the bucket at {@code location}, over https as {@code tls} says. */
    public S3Backend(S3Location location, S3Settings settings, S3Credentials credentials, ClientTls tls) {
        this.location = location;
        this.settings = settings;
        this.credentials = credentials;
        this.s3 = buildClient(location, settings, credentials, tls);
    }

    private static S3Client buildClient(S3Location location, S3Settings settings, S3Credentials credentials,
                                        ClientTls tls) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(httpClient(settings, tls))
                .credentialsProvider(credentials.provider())
                .forcePathStyle(settings.pathStyle(location))
                .requestChecksumCalculation(settings.checksums()
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(settings.checksums()
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        String region = settings.region() != null ? settings.region() : location.regionFromHost();
        boolean awsStandardHost = location.isAws() && location.scheme().equals("https")
                && (location.isAwsGlobal() || location.regionFromHost() != null);
        if (awsStandardHost) {
            // The SDK knows AWS's endpoints; without a region it follows the bucket to its own.
            builder.region(Region.of(region != null ? region : S3Settings.DEFAULT_REGION));
            if (region == null) builder.crossRegionAccessEnabled(true);
        } else {
            builder.endpointOverride(location.endpoint())
                    .region(Region.of(region != null ? region : S3Settings.DEFAULT_REGION));
        }
        return builder.build();
    }

    private static SdkHttpClient.Builder<?> httpClient(S3Settings settings, ClientTls tls) {
        Apache5HttpClient.Builder http = Apache5HttpClient.builder()
                .maxConnections(settings.connections())
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT);
        if (tls.keyManagers() != null) http.tlsKeyManagersProvider(tls::keyManagers);
        if (tls.insecure()) return new TrustingAllCertificates(http);
        if (tls.trustManagers() != null) http.tlsTrustManagersProvider(tls::trustManagers);
        return http;
    }

    /**
     * The HTTP client with the SDK's switch for {@code --insecure-tls}: the client checks host names itself, after
     * the trust managers, so a trust manager cannot turn that check off; the switch turns off both.
     */
    private record TrustingAllCertificates(Apache5HttpClient.Builder http)
            implements SdkHttpClient.Builder<TrustingAllCertificates> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return http.buildWithDefaults(AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build().merge(serviceDefaults));
        }
    }

    @Override
    public String location() {
        return location.toString();
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public int connections() {
        return settings.connections();
    }

    /** Creates the bucket if it does not exist; S3 has no directories to make. */
    @Override
    public void create() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(location.bucket()));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() != NOT_FOUND) throw describe("check bucket", "", e);
        } catch (SdkException e) {
            throw describe("check bucket", "", e);
        }
        CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(location.bucket());
        String region = settings.region() != null ? settings.region() : location.regionFromHost();
        if (location.isAws() && region != null && !region.equals(S3Settings.DEFAULT_REGION)) {
            request.createBucketConfiguration(c -> c.locationConstraint(region));
        }
        try {
            s3.createBucket(request.build());
        } catch (BucketAlreadyOwnedByYouException e) {
            // created concurrently
        } catch (SdkException e) {
            throw describe("create bucket", "", e);
        }
    }

    @Override
    public void save(FileHandle handle, ByteSource content) throws IOException {
        String path = handle.path();
        boolean conditional = conditionalWrites;
        if (!conditional && exists(handle)) throw alreadyExists(path);
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(location.bucket())
                .key(location.key(path))
                .contentLength(content.length())
                .contentType(CONTENT_TYPE)
                .contentMD5(Base64.getEncoder().encodeToString(md5(content)));
        if (conditional) request.ifNoneMatch("*");
        if (handle.type() == FileType.PACK && settings.storageClass() != null) {
            request.storageClass(settings.storageClass());
        }
        settings.encryption().applyTo(request);
        try {
            s3.putObject(request.build(), RequestBody.fromContentProvider(content::openUnchecked, content.length(), CONTENT_TYPE));
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) throw alreadyExists(path);
            if (conditional && e.statusCode() == NOT_IMPLEMENTED) {
                conditionalWrites = false;
                save(handle, content);
                return;
            }
            throw describe("save", path, e);
        } catch (SdkException e) {
            throw describe("save", path, e);
        }
    }

    /** The source's MD5, or one computed by reading it (sources in memory read at memory speed). */
    private static byte[] md5(ByteSource content) throws IOException {
        byte[] known = content.md5();
        if (known != null) return known;
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(content.forChecksum().open(), md5)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    @Override
    public InputStream openRange(FileHandle handle, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(handle + ": negative range " + offset + "+" + length);
        }
        String path = handle.path();
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(location.bucket()).key(location.key(path));
        if (offset > 0 || length > 0) {
            request.range("bytes=" + offset + "-" + (length > 0 ? String.valueOf(offset + length - 1) : ""));
        }
        settings.encryption().applyTo(request);
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = s3.getObject(request.build());
        } catch (SdkException e) {
            throw describe("read", path, e);
        }
        Long announced = body.response().contentLength();
        if (length > 0 && announced != null && announced != length) {
            body.abort();
            throw S3RequestException.of(location + ": " + path + ": range at offset " + offset + " of length " + length
                    + " is beyond the end of the object (the server sent " + announced + " bytes)", 416, null);
        }
        long expected = length > 0 ? length : announced == null ? Long.MAX_VALUE : announced;
        return new ExactLengthInputStream(body, expected, location + ": " + path, body::abort);
    }

    @Override
    public FileInfo stat(FileHandle handle) throws IOException {
        String path = handle.path();
        HeadObjectRequest.Builder request = HeadObjectRequest.builder().bucket(location.bucket()).key(location.key(path));
        settings.encryption().applyTo(request);
        try {
            return new FileInfo(handle, s3.headObject(request.build()).contentLength());
        } catch (SdkException e) {
            throw describe("stat", path, e);
        }
    }

    @Override
    public void remove(FileHandle handle) throws IOException {
        String path = handle.path();
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key(path)));
        } catch (S3Exception e) {
            if (e.statusCode() != NOT_FOUND) throw describe("remove", path, e);
        } catch (SdkException e) {
            throw describe("remove", path, e);
        }
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        if (type == FileType.CONFIG) {
            listConfig(consumer);
            return;
        }
        String directory = location.key(type.directory()) + "/";
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(directory).build();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    String relative = object.key().substring(directory.length());
                    String name = relative.substring(relative.lastIndexOf('/') + 1);
                    // Packs sit one level down (data/<xx>/<id>); other files directly in their directory.
                    boolean placed = type == FileType.PACK ? relative.indexOf('/') >= 0 : relative.indexOf('/') < 0;
                    if (placed && Id.isValid(name)) consumer.accept(new FileInfo(new FileHandle(type, name), object.size()));
                }
            }
        } catch (SdkException e) {
            throw describe("list", type.directory() + "/", e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return location();
    }

    private FileAlreadyExistsException alreadyExists(String path) {
        return new FileAlreadyExistsException(location + "/" + path, null, "already exists");
    }

    /** A one-line exception naming the location, the object and what the server said; never a secret. */
    private IOException describe(String operation, String path, SdkException e) {
        String object = location + (path.isEmpty() ? "" : "/" + path);
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            String said = status + (code == null ? "" : " " + code);
            if ("NoSuchBucket".equals(code)) {
                return new NoSuchFileException(location.toString(), null, "bucket " + location.bucket()
                        + " does not exist (" + said + "; init creates it)");
            }
            if (status == NOT_FOUND) return new NoSuchFileException(object);
            if (code != null && CREDENTIAL_ERRORS.contains(code)) {
                return S3RequestException.of(object + ": " + operation + " refused (" + said
                        + "): check the credentials from " + credentials.description(), status, e);
            }
            if (status == FORBIDDEN) {
                AccessDeniedException denied = new AccessDeniedException(object, null, operation + " refused: access denied ("
                        + said + "; credentials from " + credentials.description() + ")");
                denied.initCause(e);
                return denied;
            }
            String message = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorMessage();
            return S3RequestException.of(object + ": " + operation + " failed (" + said
                    + (message == null || message.isBlank() ? "" : ": " + message) + ")", status, e);
        }
        String reason = e instanceof SdkClientException && e.getCause() != null
                ? e.getCause().toString() : e.getMessage();
        SSLHandshakeException handshake = ClientTls.handshakeFailure(e);
        if (handshake != null) {
            // An untrusted certificate stays untrusted: no retries.
            return new S3RequestException.Permanent(object + ": " + operation + " failed: "
                    + ClientTls.describe(handshake), 0, e);
        }
        return new S3RequestException(object + ": " + operation + " failed: " + reason, 0, e);
    }
}

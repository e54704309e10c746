package io.jrestic.backend.s3;

import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Server-side encryption of saved objects, on top of restic's own encryption: none, SSE-S3 ({@code AES256}), SSE-KMS
 * ({@code aws:kms}, optionally with a key id) or SSE-C (a 256-bit key the client sends with every write and read).
 */
public final class S3Encryption {
    /** Option {@code s3.sse}: {@code AES256} (alias {@code sse-s3}) or {@code aws:kms} (alias {@code sse-kms}). */
    static final String MODE_OPTION = "sse";
    /** Option {@code s3.sse-kms-key-id}: the KMS key for SSE-KMS; implies {@code s3.sse=aws:kms}. */
    static final String KMS_KEY_OPTION = "sse-kms-key-id";
    /** Option {@code s3.sse-c-key-file}: a file holding the SSE-C key, 32 raw bytes or their base64 text. */
    static final String CUSTOMER_KEY_FILE_OPTION = "sse-c-key-file";
    private static final int CUSTOMER_KEY_BYTES = 32;
    private static final String CUSTOMER_ALGORITHM = "AES256";

    public static final S3Encryption NONE = new S3Encryption(null, null, null, null);

    private final ServerSideEncryption serverSide;
    private final String kmsKeyId;
    /** Base64 of the SSE-C key and of its MD5, as the headers carry them; null without SSE-C. */
    private final String customerKey;
    private final String customerKeyMd5;

    private S3Encryption(ServerSideEncryption serverSide, String kmsKeyId, String customerKey, String customerKeyMd5) {
        this.serverSide = serverSide;
        this.kmsKeyId = kmsKeyId;
        this.customerKey = customerKey;
        this.customerKeyMd5 = customerKeyMd5;
    }

    public static S3Encryption s3Managed() {
        return new S3Encryption(ServerSideEncryption.AES256, null, null, null);
    }

    /** SSE-KMS with {@code keyId}, or the account's default KMS key when it is null. */
    public static S3Encryption kms(String keyId) {
        return new S3Encryption(ServerSideEncryption.AWS_KMS, keyId, null, null);
    }

    /** SSE-C with a 32-byte key. */
    public static S3Encryption customerKey(byte[] key) {
        if (key.length != CUSTOMER_KEY_BYTES) {
            throw new IllegalArgumentException("an SSE-C key must be " + CUSTOMER_KEY_BYTES + " bytes, not " + key.length);
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(key);
            Base64.Encoder base64 = Base64.getEncoder();
            return new S3Encryption(null, null, base64.encodeToString(key), base64.encodeToString(md5));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** From the {@code s3.sse*} options; {@link #NONE} when none is given. */
    static S3Encryption fromOptions(String mode, String kmsKeyId, String customerKeyFile) {
        if (customerKeyFile != null) {
            if (mode != null || kmsKeyId != null) {
                throw new IllegalArgumentException("option s3." + CUSTOMER_KEY_FILE_OPTION + " (SSE-C) cannot be combined with s3."
                        + MODE_OPTION + " or s3." + KMS_KEY_OPTION);
            }
            return customerKey(readKey(Path.of(customerKeyFile)));
        }
        if (mode == null) return kmsKeyId == null ? NONE : kms(kmsKeyId);
        return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "aes256", "sse-s3" -> {
                if (kmsKeyId != null) {
                    throw new IllegalArgumentException("option s3." + KMS_KEY_OPTION + " needs s3." + MODE_OPTION + "=aws:kms");
                }
                yield s3Managed();
            }
            case "aws:kms", "sse-kms" -> kms(kmsKeyId);
            default -> throw new IllegalArgumentException("invalid option s3." + MODE_OPTION + "=" + mode
                    + ": expected AES256 or aws:kms (SSE-C: s3." + CUSTOMER_KEY_FILE_OPTION + ")");
        };
    }

    private static byte[] readKey(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("option s3." + CUSTOMER_KEY_FILE_OPTION + ": cannot read " + file + ": " + e.getMessage());
        }
        if (content.length == CUSTOMER_KEY_BYTES) return content;
        try {
            byte[] key = Base64.getDecoder().decode(new String(content, StandardCharsets.US_ASCII).strip());
            if (key.length == CUSTOMER_KEY_BYTES) return key;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("option s3." + CUSTOMER_KEY_FILE_OPTION + ": " + file + " must hold a "
                + CUSTOMER_KEY_BYTES + "-byte key, raw or base64");
    }

    public boolean usesCustomerKey() {
        return customerKey != null;
    }

    /** A short description for messages; never the key. */
    @Override
    public String toString() {
        if (customerKey != null) return "SSE-C";
        if (serverSide == null) return "none";
        return serverSide == ServerSideEncryption.AWS_KMS ? "SSE-KMS" + (kmsKeyId == null ? "" : " (" + kmsKeyId + ")") : "SSE-S3";
    }

    void applyTo(PutObjectRequest.Builder request) {
        if (serverSide != null) request.serverSideEncryption(serverSide);
        if (kmsKeyId != null) request.ssekmsKeyId(kmsKeyId);
        if (customerKey != null) {
            request.sseCustomerAlgorithm(CUSTOMER_ALGORITHM).sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    /** Reads of SSE-C objects must present the key again; the other modes need nothing. */
    void applyTo(GetObjectRequest.Builder request) {
        if (customerKey != null) {
            request.sseCustomerAlgorithm(CUSTOMER_ALGORITHM).sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void applyTo(HeadObjectRequest.Builder request) {
        if (customerKey != null) {
            request.sseCustomerAlgorithm(CUSTOMER_ALGORITHM).sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }
}

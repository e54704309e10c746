/**
 * The S3 backend (AWS and S3-compatible servers) on the AWS SDK for Java v2: {@link io.jrestic.backend.s3.S3Location}
 * parses {@code s3:} locations, {@link io.jrestic.backend.s3.S3Settings} the {@code -o s3.*} options,
 * {@link io.jrestic.backend.s3.S3Credentials} finds credentials in the environment, and
 * {@link io.jrestic.backend.s3.S3Backend} stores the repository below a key prefix in restic's layout (§2.3).
 */
package io.jrestic.backend.s3;

package io.jrestic.backend.s3;

import io.jrestic.backend.Backend;
import io.jrestic.backend.BackendFactory;
import io.jrestic.backend.retry.RetryPolicy;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.tls.ClientTls;

import java.util.Map;

/**
 * Opens {@link S3Backend}s for "s3:" locations ({@link S3Location}), with {@link S3Settings} from the {@code s3.*}
 * options, {@link S3Credentials} and {@link ClientTls} from the environment, wrapped in a {@link RetryingBackend}.
 */
public final class S3BackendFactory implements BackendFactory {
    public static final String SCHEME = "s3";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Backend open(String location, Map<String, String> options, Map<String, String> environment) {
        S3Location parsed = S3Location.parse(location);
        S3Settings settings = S3Settings.parse(options, environment);
        if (settings.encryption().usesCustomerKey() && parsed.scheme().equals("http")) {
            throw new IllegalArgumentException(parsed + ": SSE-C sends the key with every request and needs https");
        }
        return new RetryingBackend(new S3Backend(parsed, settings, S3Credentials.fromEnvironment(environment),
                ClientTls.fromEnvironment(environment)), RetryPolicy.DEFAULT);
    }
}

package io.jrestic.backend.gcs;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.jrestic.backend.Backend;
import io.jrestic.backend.BackendFactory;
import io.jrestic.backend.retry.RetryPolicy;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.tls.ClientTls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens {@link GcsBackend}s for {@code gs:bucket:/prefix} locations, wrapped in a {@link RetryingBackend}.
 *
 * <p>Options: {@code gs.connections} (default {@value GcsSettings#DEFAULT_CONNECTIONS}) and {@code gs.region}
 * (the location of a bucket that {@code init} creates). Environment:
 * <ul>
 *   <li>{@code GOOGLE_PROJECT_ID}: the project a missing bucket is created in (required only for that);</li>
 *   <li>{@code GOOGLE_ACCESS_TOKEN}: an OAuth bearer token, used as is; disables every other way to
 *       authenticate;</li>
 *   <li>{@code GOOGLE_APPLICATION_CREDENTIALS}: a service-account (or other Google credentials) JSON file;
 *       without it, Google's application-default credentials (gcloud's, or the metadata server's);</li>
 *   <li>{@code STORAGE_EMULATOR_HOST}: {@code host:port} or a URL of a GCS emulator or test server; requests go
 *       there instead of storage.googleapis.com, without credentials unless GOOGLE_ACCESS_TOKEN is set (a jrestic
 *       extension, named after the convention of Google's other client libraries);</li>
 *   <li>the TLS settings {@link ClientTls} reads, for storage requests and token refreshes alike, as restic uses
 *       one HTTP client for both.</li>
 * </ul>
 *
 * <p>The client itself makes a single attempt per request: retries are the {@link RetryingBackend}'s, so the two
 * never multiply.
 */
public final class GcsBackendFactory implements BackendFactory {
    public static final String CONNECTIONS = "connections";
    public static final String REGION = "region";
    public static final String PROJECT_ID_VARIABLE = "GOOGLE_PROJECT_ID";
    public static final String CREDENTIALS_FILE_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";
    public static final String ACCESS_TOKEN_VARIABLE = "GOOGLE_ACCESS_TOKEN";
    public static final String EMULATOR_HOST_VARIABLE = "STORAGE_EMULATOR_HOST";
    /**
     * Given to the client when GOOGLE_PROJECT_ID is unset: otherwise it would probe for a default project, up to a
     * metadata server request. Only bucket creation uses the project, and it checks for this case first.
     */
    private static final String NO_PROJECT = "jrestic-no-project";

    /**
     * google-auth logs a SEVERE stack trace when a token cannot be refreshed (a rejected GOOGLE_ACCESS_TOKEN, a
     * revoked key); the backend reports that failure itself, on one line. Held here so the setting is not lost.
     */
    private static final Logger QUIET_CREDENTIALS_LOG = Logger.getLogger("com.google.auth.http.HttpCredentialsAdapter");

    private final RetryPolicy retryPolicy;
    private final GcsSettings baseSettings;

    public GcsBackendFactory() {
        this(RetryPolicy.DEFAULT, GcsSettings.DEFAULT);
    }

    /** A factory with another retry policy and upload tuning (tests use small uploads and quick retries). */
    public GcsBackendFactory(RetryPolicy retryPolicy, GcsSettings baseSettings) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.baseSettings = Objects.requireNonNull(baseSettings, "baseSettings");
    }

    @Override
    public String scheme() {
        return GcsLocation.SCHEME;
    }

    @Override
    public Backend open(String address, Map<String, String> options, Map<String, String> environment)
            throws IOException {
        GcsLocation location = GcsLocation.parse(address);
        GcsSettings settings = settings(options, environment);
        Storage storage = storage(location, settings, environment);
        return new RetryingBackend(new GcsBackend(storage, location, settings), retryPolicy);
    }

    /** {@link #open} without the retry layer. */
    public GcsBackend openWithoutRetries(String address, Map<String, String> options, Map<String, String> environment)
            throws IOException {
        GcsLocation location = GcsLocation.parse(address);
        GcsSettings settings = settings(options, environment);
        return new GcsBackend(storage(location, settings, environment), location, settings);
    }

    private GcsSettings settings(Map<String, String> options, Map<String, String> environment) {
        GcsSettings settings = baseSettings;
        for (Map.Entry<String, String> option : options.entrySet()) {
            settings = switch (option.getKey()) {
                case CONNECTIONS -> settings.withConnections(parseConnections(option.getValue()));
                case REGION -> settings.withRegion(option.getValue().isEmpty() ? null : option.getValue());
                default -> throw new IllegalArgumentException("unknown option gs." + option.getKey()
                        + " for backend gs (known: gs." + CONNECTIONS + ", gs." + REGION + ")");
            };
        }
        String project = environment.get(PROJECT_ID_VARIABLE);
        return settings.withProjectId(project == null || project.isEmpty() ? null : project);
    }

    private static int parseConnections(String value) {
        try {
            int connections = Integer.parseInt(value);
            if (connections >= 1) return connections;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid option gs." + CONNECTIONS + "=" + value
                + ": expected a positive integer");
    }

    private static Storage storage(GcsLocation location, GcsSettings settings, Map<String, String> environment)
            throws IOException {
        QUIET_CREDENTIALS_LOG.setLevel(Level.OFF);
        HttpStorageOptions.Builder builder = StorageOptions.http()
                .setProjectId(settings.projectId() != null ? settings.projectId() : NO_PROJECT)
                .setRetrySettings(singleAttempt());
        HttpTransportFactory transport = transport(ClientTls.fromEnvironment(environment));
        if (transport != null) {
            builder.setTransportOptions(StorageOptions.getDefaultHttpTransportOptions().toBuilder()
                    .setHttpTransportFactory(transport).build());
        }
        String emulator = environment.get(EMULATOR_HOST_VARIABLE);
        if (emulator != null && !emulator.isEmpty()) {
            String token = environment.get(ACCESS_TOKEN_VARIABLE);
            builder.setHost(emulator.contains("://") ? emulator : "http://" + emulator)
                    .setCredentials(token == null || token.isEmpty() ? NoCredentials.getInstance() : accessToken(token));
        } else {
            builder.setCredentials(credentials(location, environment, transport));
        }
        return builder.build().getService();
    }

    /** The HTTP transport {@code tls} asks for, or null for the libraries' default one. */
    private static HttpTransportFactory transport(ClientTls tls) {
        if (tls.isSystemDefault()) return null;
        NetHttpTransport transport = new NetHttpTransport.Builder()
                .setSslSocketFactory(tls.sslContext().getSocketFactory())
                .build();
        return () -> transport;
    }

    /** The client's defaults (timeouts and all), but one attempt. */
    private static RetrySettings singleAttempt() {
        return StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(1).build();
    }

    private static Credentials accessToken(String token) {
        return new AccessTokenCredentials(token);
    }

    /** @param transport for token refreshes; null for google-auth's default */
    private static Credentials credentials(GcsLocation location, Map<String, String> environment,
                                           HttpTransportFactory transport) throws IOException {
        String token = environment.get(ACCESS_TOKEN_VARIABLE);
        if (token != null && !token.isEmpty()) {
            return accessToken(token);
        }
        String file = environment.get(CREDENTIALS_FILE_VARIABLE);
        if (file != null && !file.isEmpty()) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return transport == null ? GoogleCredentials.fromStream(in) : GoogleCredentials.fromStream(in, transport);
            } catch (NoSuchFileException e) {
                throw new GcsPermanentException(location + ": " + CREDENTIALS_FILE_VARIABLE + " file " + file
                        + " does not exist", e);
            } catch (IOException e) {
                throw new GcsPermanentException(location + ": cannot load credentials from "
                        + CREDENTIALS_FILE_VARIABLE + " file " + file + ": " + GcsErrors.firstLine(e), e);
            }
        }
        try {
            return transport == null ? GoogleCredentials.getApplicationDefault()
                    : GoogleCredentials.getApplicationDefault(transport);
        } catch (IOException e) {
            throw new GcsPermanentException(location + ": no Google credentials: set " + CREDENTIALS_FILE_VARIABLE
                    + " or " + ACCESS_TOKEN_VARIABLE + ", or configure application-default credentials ("
                    + GcsErrors.firstLine(e) + ")", e);
        }
    }
}

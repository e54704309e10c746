package io.jrestic.backend.rest;

import io.jrestic.backend.Backend;
import io.jrestic.backend.BackendFactory;
import io.jrestic.backend.retry.RetryPolicy;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.tls.ClientTls;

import java.util.Map;

/**
 * Opens {@link RestBackend}s for "rest:" locations, wrapped in a {@link RetryingBackend}. The one option is
 * {@code rest.connections} (default {@value RestBackend#DEFAULT_CONNECTIONS}); credentials come from the URL or
 * {@code RESTIC_REST_USERNAME}/{@code RESTIC_REST_PASSWORD}, TLS settings from the variables {@link ClientTls} reads.
 */
public final class RestBackendFactory implements BackendFactory {
    public static final String SCHEME = "rest";
    private static final String CONNECTIONS = "connections";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Backend open(String location, Map<String, String> options, Map<String, String> environment) {
        int connections = RestBackend.DEFAULT_CONNECTIONS;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!option.getKey().equals(CONNECTIONS)) {
                throw new IllegalArgumentException("unknown option " + SCHEME + "." + option.getKey()
                        + " for backend rest (known: " + SCHEME + "." + CONNECTIONS + ")");
            }
            connections = parseConnections(option.getValue());
        }
        RestLocation parsed = RestLocation.parse(location, environment);
        return new RetryingBackend(new RestBackend(parsed, connections, ClientTls.fromEnvironment(environment)),
                RetryPolicy.DEFAULT);
    }

    private static int parseConnections(String value) {
        try {
            int connections = Integer.parseInt(value.strip());
            if (connections >= 1) return connections;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid option " + SCHEME + "." + CONNECTIONS + "=" + value
                + ": expected a positive integer");
    }
}

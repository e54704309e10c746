package io.jrestic.backend.local;

import io.jrestic.backend.Backend;
import io.jrestic.backend.BackendFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens {@link LocalBackend}s for "local:" locations and bare paths. The one option is {@code local.connections}
 * (default {@value LocalBackend#DEFAULT_CONNECTIONS}).
 */
public final class LocalBackendFactory implements BackendFactory {
    public static final String SCHEME = "local";
    private static final String CONNECTIONS = "connections";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Backend open(String location, Map<String, String> options, Map<String, String> environment)
            throws IOException {
        if (location.isEmpty()) {
            throw new IllegalArgumentException("invalid location \"local:\": the directory is missing");
        }
        int connections = LocalBackend.DEFAULT_CONNECTIONS;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!option.getKey().equals(CONNECTIONS)) {
                throw new IllegalArgumentException("unknown option " + SCHEME + "." + option.getKey()
                        + " for backend local (known: " + SCHEME + "." + CONNECTIONS + ")");
            }
            connections = parseConnections(option.getValue());
        }
        return new LocalBackend(Path.of(location), connections);
    }

    private static int parseConnections(String value) {
        try {
            int connections = Integer.parseInt(value);
            if (connections >= 1) return connections;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid option " + SCHEME + "." + CONNECTIONS + "=" + value
                + ": expected a positive integer");
    }
}

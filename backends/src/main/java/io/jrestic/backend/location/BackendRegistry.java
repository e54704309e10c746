package io.jrestic.backend.location;

import io.jrestic.backend.Backend;
import io.jrestic.backend.BackendFactory;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The backends of this build, by scheme. {@link #installed()} finds every {@link BackendFactory} registered through
 * {@link ServiceLoader}, so adding a backend module to the class path is all it takes to make its scheme usable.
 */
public final class BackendRegistry {
    private final Map<String, BackendFactory> factories;

    /** A registry of exactly {@code factories}; two factories for one scheme are an error. */
    public BackendRegistry(Iterable<? extends BackendFactory> factories) {
        Map<String, BackendFactory> byScheme = new TreeMap<>();
        for (BackendFactory factory : factories) {
            BackendFactory previous = byScheme.putIfAbsent(factory.scheme(), factory);
            if (previous != null) {
                throw new IllegalStateException("two backends for scheme " + factory.scheme() + ": "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        this.factories = Collections.unmodifiableMap(byScheme);
    }

    /** The factories registered on the class path of this class. Loaded once. */
    public static BackendRegistry installed() {
        return Installed.REGISTRY;
    }

    /** Parses {@code location} with {@link Location}'s rules, recognising the schemes of this build as well. */
    public static Backend open(String location, Map<String, String> options, Map<String, String> environment)
            throws IOException {
        BackendRegistry registry = installed();
        return registry.open(registry.parse(location), options, environment);
    }

    /** The schemes this registry can open, sorted. */
    public Set<String> schemes() {
        return factories.keySet();
    }

    public Location parse(String location) {
        return Location.parse(location, schemes());
    }

    /**
     * Opens {@code location} with its scheme's factory, passing it the options of its namespace.
     *
     * @param options     all {@code -o} options, e.g. from {@link Options#parse}
     * @param environment the process environment
     * @throws IllegalArgumentException if this build has no such backend, or the factory rejects the location or
     *                                  an option
     */
    public Backend open(Location location, Map<String, String> options, Map<String, String> environment)
            throws IOException {
        BackendFactory factory = factories.get(location.scheme());
        if (factory == null) {
            throw new IllegalArgumentException("backend " + location.scheme() + " is not available in this build"
                    + " (available: " + String.join(", ", schemes()) + ")");
        }
        return factory.open(location.address(), Options.forScheme(options, location.scheme()), environment);
    }

    /** Holder so the service lookup runs on first use, once. */
    private static final class Installed {
        static final BackendRegistry REGISTRY =
                new BackendRegistry(ServiceLoader.load(BackendFactory.class, BackendRegistry.class.getClassLoader()));
    }
}

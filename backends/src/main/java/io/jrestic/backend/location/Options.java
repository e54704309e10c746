package io.jrestic.backend.location;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backend options as given with {@code -o key=value}: keys are namespaced by scheme ({@code s3.region},
 * {@code local.connections}); each backend sees only its own, with the prefix removed.
 */
public final class Options {
    private Options() {
    }

    /**
     * Parses {@code key=value} strings (split at the first {@code =}; key and value trimmed) into a map in the order
     * given. Repeating a key with the same value is allowed, with another value it is an error.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    public static Map<String, String> parse(List<String> options) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String option : options) {
            int equals = option.indexOf('=');
            String key = equals < 0 ? "" : option.substring(0, equals).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("invalid option \"" + option + "\", expected key=value");
            }
            String value = option.substring(equals + 1).strip();
            String previous = parsed.putIfAbsent(key, value);
            if (previous != null && !previous.equals(value)) {
                throw new IllegalArgumentException("option " + key + " given twice with different values (\""
                        + previous + "\" and \"" + value + "\")");
            }
        }
        return Collections.unmodifiableMap(parsed);
    }

    /** The options in {@code scheme}'s namespace, keyed without the {@code "<scheme>."} prefix. */
    public static Map<String, String> forScheme(Map<String, String> options, String scheme) {
        String prefix = scheme + ".";
        Map<String, String> selected = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            if (key.startsWith(prefix)) selected.put(key.substring(prefix.length()), value);
        });
        return Collections.unmodifiableMap(selected);
    }
}

package io.jrestic.snapshot;

import io.jrestic.id.Id;
import io.jrestic.tree.GoQuote;

import java.nio.charset.StandardCharsets;

/**
 * Resolves an abbreviated ID among the IDs of a repository's files, as restic does for snapshot arguments:
 * the prefix is compared with the lowercase hex form, case-sensitively, and must match exactly one ID.
 */
public final class IdPrefix {
    private IdPrefix() {
    }

    /**
     * The single ID whose hex form starts with {@code prefix}.
     *
     * @throws IdPrefixException with restic's message if none or several match
     */
    public static Id resolve(String prefix, Iterable<Id> ids) {
        Id match = null;
        for (Id id : ids) {
            if (id.toString().startsWith(prefix)) {
                if (match != null && !match.equals(id)) throw new IdPrefixException(prefix, true);
                match = id;
            }
        }
        if (match == null) throw new IdPrefixException(prefix, false);
        return match;
    }

    /** An abbreviated ID that matches no ID or several. */
    public static final class IdPrefixException extends IllegalArgumentException {
        private final String prefix;
        private final boolean ambiguous;

        IdPrefixException(String prefix, boolean ambiguous) {
            // restic formats the prefix with Go's %q
            super(ambiguous
                    ? "multiple IDs with prefix " + goQuoted(prefix) + " found"
                    : "no matching ID found for prefix " + goQuoted(prefix));
            this.prefix = prefix;
            this.ambiguous = ambiguous;
        }

        public String prefix() {
            return prefix;
        }

        /** True if several IDs match, false if none does. */
        public boolean ambiguous() {
            return ambiguous;
        }

        private static String goQuoted(String s) {
            return '"' + GoQuote.quote(s.getBytes(StandardCharsets.UTF_8)) + '"';
        }
    }
}

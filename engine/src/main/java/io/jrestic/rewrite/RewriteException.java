package io.jrestic.rewrite;

import java.io.IOException;

/** A rewrite that cannot be done without losing information; the message names the tree's path. */
public final class RewriteException extends IOException {
    public RewriteException(String message) {
        super(message);
    }
}

/**
 * Bandwidth limits, restic's {@code --limit-upload} and {@code --limit-download}: {@link
 * io.jrestic.backend.limit.RateLimiter} is a token bucket shared by all threads, and {@link
 * io.jrestic.backend.limit.RateLimitedBackend} passes the bytes a backend saves and reads through one.
 */
package io.jrestic.backend.limit;

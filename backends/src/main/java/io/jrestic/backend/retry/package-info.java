/**
 * Retrying transient backend failures: {@link io.jrestic.backend.retry.RetryingBackend} wraps any backend with
 * exponential backoff and jitter; {@link io.jrestic.backend.retry.PermanentBackendException} marks errors that
 * retrying cannot fix.
 */
package io.jrestic.backend.retry;

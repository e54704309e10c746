/**
 * TLS for the backends that speak https (rest, s3, gs): {@link io.jrestic.backend.tls.ClientTls} turns restic's
 * {@code --cacert}, {@code --tls-client-cert} and {@code --insecure-tls}, as the CLI puts them in the environment
 * map, into trust and key managers and an {@link javax.net.ssl.SSLContext}, the one rule each backend's HTTP client
 * is configured from.
 */
package io.jrestic.backend.tls;

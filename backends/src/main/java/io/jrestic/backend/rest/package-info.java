/**
 * The REST backend: restic's REST protocol v1/v2 (§20.1) over {@link java.net.http.HttpClient}, as served by
 * rest-server and {@code rclone serve restic}. {@link io.jrestic.backend.rest.RestLocation} parses {@code rest:}
 * URLs and basic-auth credentials; TLS is set up by {@link io.jrestic.backend.tls.ClientTls}.
 */
package io.jrestic.backend.rest;

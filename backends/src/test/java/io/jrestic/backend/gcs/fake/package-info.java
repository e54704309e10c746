/** A test-scoped, in-memory Google Cloud Storage JSON API server with fault injection. */
package io.jrestic.backend.gcs.fake;

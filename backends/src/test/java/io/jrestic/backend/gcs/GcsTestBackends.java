package io.jrestic.backend.gcs;

import io.jrestic.backend.Backend;
import io.jrestic.backend.gcs.fake.FakeGcsServer;
import io.jrestic.backend.retry.RetryPolicy;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Backends against a {@link FakeGcsServer}, with uploads small enough that tests exercise both upload paths. */
final class GcsTestBackends {
    static final String BUCKET = "bkt";
    static final String PROJECT = "test-project";
    /** Files above this many bytes use a resumable session. */
    static final int SINGLE_REQUEST_LIMIT = 256 << 10;
    static final GcsSettings SMALL_UPLOADS =
            GcsSettings.DEFAULT.withUploads(SINGLE_REQUEST_LIMIT, GcsSettings.UPLOAD_CHUNK_GRANULARITY);
    /** Quick retries, so fault tests finish fast. */
    static final RetryPolicy QUICK_RETRIES = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10));

    private GcsTestBackends() {
    }

    static Map<String, String> environment(FakeGcsServer server) {
        Map<String, String> environment = new HashMap<>();
        environment.put(GcsBackendFactory.EMULATOR_HOST_VARIABLE, server.endpoint());
        environment.put(GcsBackendFactory.PROJECT_ID_VARIABLE, PROJECT);
        return environment;
    }

    /** The bare backend at {@code gs:<address>}: no retries anywhere. */
    static GcsBackend withoutRetries(FakeGcsServer server, String address) throws IOException {
        return new GcsBackendFactory(RetryPolicy.NONE, SMALL_UPLOADS)
                .openWithoutRetries(address, Map.of(), environment(server));
    }

    /** The backend as the factory hands it out, wrapped in quick retries. */
    static Backend withRetries(FakeGcsServer server, String address) throws IOException {
        return new GcsBackendFactory(QUICK_RETRIES, SMALL_UPLOADS).open(address, Map.of(), environment(server));
    }
}

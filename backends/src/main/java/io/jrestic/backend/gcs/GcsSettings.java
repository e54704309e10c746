package io.jrestic.backend.gcs;

/**
 * How a {@link GcsBackend} works, apart from where it stores and how it authenticates.
 *
 * @param connections        requests in flight at once ({@code -o gs.connections}, default {@value #DEFAULT_CONNECTIONS})
 * @param projectId          the project new buckets are created in ({@code GOOGLE_PROJECT_ID}); null if unset
 * @param region             the location of a new bucket ({@code -o gs.region}), e.g. "EU"; null for the server's
 *                           default
 * @param singleRequestLimit files up to this many bytes are streamed in one request; larger ones go through a
 *                           resumable upload session
 * @param uploadChunkSize    bytes per request of a resumable upload, and so the memory one upload buffers; a
 *                           multiple of 256 KiB, as the protocol requires
 */
public record GcsSettings(int connections, String projectId, String region, int singleRequestLimit,
                          int uploadChunkSize) {
    /** restic's default for gs. */
    public static final int DEFAULT_CONNECTIONS = 5;
    /**
     * Single requests stream from the source, so this bounds no memory: it is high enough for packs of restic's
     * default size (16 MiB, up to about 25 MiB with the last blob) to need one request.
     */
    public static final int DEFAULT_SINGLE_REQUEST_LIMIT = 32 << 20;
    public static final int DEFAULT_UPLOAD_CHUNK_SIZE = 8 << 20;
    /** Resumable upload requests must carry a multiple of this many bytes, except the last. */
    public static final int UPLOAD_CHUNK_GRANULARITY = 256 << 10;

    public static final GcsSettings DEFAULT = new GcsSettings(DEFAULT_CONNECTIONS, null, null,
            DEFAULT_SINGLE_REQUEST_LIMIT, DEFAULT_UPLOAD_CHUNK_SIZE);

    public GcsSettings {
        if (connections < 1) throw new IllegalArgumentException("gs.connections must be at least 1, not " + connections);
        if (singleRequestLimit < 0) throw new IllegalArgumentException("negative single-request limit " + singleRequestLimit);
        if (uploadChunkSize < UPLOAD_CHUNK_GRANULARITY || uploadChunkSize % UPLOAD_CHUNK_GRANULARITY != 0) {
            throw new IllegalArgumentException("upload chunk size " + uploadChunkSize + " is not a positive multiple of "
                    + UPLOAD_CHUNK_GRANULARITY);
        }
    }

    public GcsSettings withConnections(int n) {
        return new GcsSettings(n, projectId, region, singleRequestLimit, uploadChunkSize);
    }

    public GcsSettings withProjectId(String project) {
        return new GcsSettings(connections, project, region, singleRequestLimit, uploadChunkSize);
    }

    public GcsSettings withRegion(String newRegion) {
        return new GcsSettings(connections, projectId, newRegion, singleRequestLimit, uploadChunkSize);
    }

    public GcsSettings withUploads(int newSingleRequestLimit, int newUploadChunkSize) {
        return new GcsSettings(connections, projectId, region, newSingleRequestLimit, newUploadChunkSize);
    }
}

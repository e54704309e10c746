/**
 * Fault injection between client and server for backend tests: {@link io.jrestic.backend.fault.FaultProxy}, an HTTP
 * proxy on 127.0.0.1 in front of S3Proxy or {@code rclone serve restic} that counts requests and applies the
 * {@link io.jrestic.backend.fault.Fault}s a {@link io.jrestic.backend.fault.FaultPlan} chooses, and
 * {@link io.jrestic.backend.fault.Workload}, the engine's backup and restore as the command line runs them.
 */
package io.jrestic.backend.fault;

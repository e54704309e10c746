/**
 * Start-up: {@link io.jrestic.cli.startup.StartupTraining} is the workload the launcher runs once per build to
 * record the JVM's ahead-of-time cache (classes loaded and linked, method profiles), so later commands start with
 * them instead of loading the shaded jar's classes and profiling the hot code again.
 */
package io.jrestic.cli.startup;

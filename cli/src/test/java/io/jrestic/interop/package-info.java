/**
 * Interoperability with stock restic 0.14: repositories written by one program are read, checked, restored and
 * extended by the other. Stock restic runs as a process ({@link io.jrestic.interop.Restic}); jrestic runs in-process
 * or, where a real process matters (stdin streaming, SIGKILL), as a child JVM ({@link io.jrestic.interop.Jrestic}).
 * Source trees come from {@link io.jrestic.interop.Fixtures}; {@link io.jrestic.interop.TreeComparison} compares
 * trees through {@code lstat}, byte for byte and name for name.
 */
package io.jrestic.interop;

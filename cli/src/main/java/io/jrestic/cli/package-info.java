/**
 * The jrestic command line: {@link io.jrestic.cli.Main} wires picocli, {@link io.jrestic.cli.GlobalOptions} holds
 * restic's global flags and environment variables, and errors become restic's one-line messages and exit codes.
 */
package io.jrestic.cli;

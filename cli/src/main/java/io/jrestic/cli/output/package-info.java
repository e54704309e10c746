/** How commands print: restic's text layouts and JSON message shapes, sizes and durations. */
package io.jrestic.cli.output;

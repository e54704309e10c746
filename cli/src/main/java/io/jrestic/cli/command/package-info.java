/** One class per jrestic command, named and flagged as restic's. */
package io.jrestic.cli.command;

/** What the CLI tests share for running programs as child processes (stock restic, or jrestic in its own JVM). */
package io.jrestic.testkit;

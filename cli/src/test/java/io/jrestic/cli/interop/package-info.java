/** Test support shared by the side-by-side comparisons of jrestic with stock restic 0.14. */
package io.jrestic.cli.interop;

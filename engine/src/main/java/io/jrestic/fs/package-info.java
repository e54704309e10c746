/**
 * POSIX file system access through the Foreign Function &amp; Memory API, for backup and restore on Linux x86_64 (glibc).
 * Paths and file names are raw {@code byte[]} everywhere, so names that are not valid UTF-8 round-trip exactly
 * (spec §22.2). {@link io.jrestic.fs.Posix} holds the file system calls, {@link io.jrestic.fs.FileStat} what
 * {@code statx} reports, {@link io.jrestic.fs.PosixFileInputStream} and {@link io.jrestic.fs.PosixFile} read and write
 * file contents, {@link io.jrestic.fs.Identity} answers who and where we are (uid, host name, user names), and
 * {@link io.jrestic.fs.Terminal} whether standard output is a terminal and how wide.
 * A failing call throws an {@link java.io.IOException} whose one-line message reads
 * {@code "<operation> <path>: <reason>"}, with Go's wording for the reason, as restic prints it.
 * The JVM must run with {@code --enable-native-access=ALL-UNNAMED}.
 */
package io.jrestic.fs;

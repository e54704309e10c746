package io.jrestic.backend;

/** One listed file: its handle and its size in bytes. */
public record FileInfo(FileHandle handle, long size) {
}

package io.jrestic.pack;

import io.jrestic.backend.ByteSource;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.id.Id;
import java.util.List;

/**
 * A complete pack file ready for upload: its ID (SHA-256 of all its bytes), its bytes and its blobs in file order.
 *
 * <p>{@code content} is a view of the {@link PackWriter}'s buffer: it stays valid until that writer is
 * {@linkplain PackWriter#reset() reset} or {@linkplain PackWriter#release() released}.
 */
public record FinishedPack(Id packId, ByteSource content, List<PackBlob> blobs) {
    public FinishedPack {
        blobs = List.copyOf(blobs);
    }

    public long size() {
        return content.length();
    }

    public FileHandle handle() {
        return FileHandle.of(FileType.PACK, packId);
    }
}

package io.jrestic.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.id.Id;
import io.jrestic.pack.BlobType;
import io.jrestic.pack.PackBlob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexBuilderTest {
    private static int serial;

    private static IndexPack pack(int blobs) {
        List<PackBlob> list = new ArrayList<>();
        for (int i = 0; i < blobs; i++) {
            list.add(new PackBlob(BlobType.DATA, Id.hash(("blob" + serial++).getBytes()), 40L * i, 40, 0));
        }
        return new IndexPack(Id.hash(("pack" + serial++).getBytes()), list);
    }

    @Test
    void resticsThresholdIs50000Blobs() {
        assertEquals(50_000, new IndexBuilder().maxBlobs());
    }

    @Test
    void groupsPacksWithoutSplittingThem() {
        List<IndexPack> packs = List.of(pack(4), pack(4), pack(3), pack(12), pack(1));
        List<IndexFile> files = IndexBuilder.group(packs, 10);
        assertEquals(List.of(8, 3, 12, 1), files.stream().map(IndexFile::blobCount).toList());
        assertEquals(packs, files.stream().flatMap(f -> f.packs().stream()).toList());
        assertTrue(files.stream().allMatch(f -> f.supersedes().isEmpty()));
    }

    @Test
    void aFileIsEmittedWhenFullOrWhenTheNextPackDoesNotFit() {
        IndexBuilder builder = new IndexBuilder(10);
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        assertEquals(List.of(), builder.add(pack(6).packId(), pack(6).blobs(), t0));
        List<IndexFile> out = builder.add(pack(5).packId(), pack(5).blobs(), t0);
        assertEquals(List.of(6), out.stream().map(IndexFile::blobCount).toList());
        assertEquals(5, builder.pendingBlobs());
        out = builder.add(pack(5).packId(), pack(5).blobs(), t0);
        assertEquals(List.of(10), out.stream().map(IndexFile::blobCount).toList(), "exactly full is emitted at once");
        out = builder.add(pack(3).packId(), pack(3).blobs(), t0);
        assertEquals(List.of(), out);
        out = builder.add(pack(20).packId(), pack(20).blobs(), t0);
        assertEquals(List.of(3, 20), out.stream().map(IndexFile::blobCount).toList(), "an oversized pack gets a file");
        assertTrue(builder.flush().isEmpty());
    }

    @Test
    void pendingPacksAgeFromTheFirstOne() {
        IndexBuilder builder = new IndexBuilder();
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        assertFalse(builder.isOlderThan(IndexBuilder.DEFAULT_MAX_AGE, t0.plus(Duration.ofHours(1))), "nothing pending");
        IndexPack p = pack(2);
        builder.add(p.packId(), p.blobs(), t0);
        builder.add(pack(1).packId(), List.of(), t0.plusSeconds(300));
        assertFalse(builder.isOlderThan(IndexBuilder.DEFAULT_MAX_AGE, t0.plusSeconds(599)));
        assertTrue(builder.isOlderThan(IndexBuilder.DEFAULT_MAX_AGE, t0.plusSeconds(600)));
        IndexFile file = builder.flush().orElseThrow();
        assertEquals(p, file.packs().getFirst());
        assertFalse(builder.isOlderThan(Duration.ZERO, t0.plusSeconds(601)));
    }
}

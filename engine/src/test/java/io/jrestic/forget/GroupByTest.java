package io.jrestic.forget;

import io.jrestic.snapshot.GroupBy;
import io.jrestic.snapshot.GroupKey;
import io.jrestic.snapshot.SnapshotGroup;
import static io.jrestic.forget.Snapshots.at;
import static io.jrestic.forget.Snapshots.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupByTest {
    @Test
    void parsesResticsOptions() {
        assertEquals(GroupBy.HOST_AND_PATHS, GroupBy.parse("host,paths"));
        assertEquals(new GroupBy(true, true, true), GroupBy.parse("host,tag,path"));
        assertEquals(GroupBy.NONE, GroupBy.parse(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupBy.parse("host,foo"));
        assertEquals("unknown grouping option: 'foo'", e.getMessage());
    }

    @Test
    void keyJsonHasEveryComponentWithNullForThoseNotGroupedBy() {
        GroupKey k = new GroupKey("h1", List.of("/a"), null);
        assertEquals("{\"hostname\":\"h1\",\"paths\":[\"/a\"],\"tags\":null}", new String(k.toJson(), StandardCharsets.UTF_8));
        assertEquals("{\"hostname\":\"\",\"paths\":null,\"tags\":null}",
                new String(new GroupKey("", null, null).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void groupsBySortedPathsAndSortsThemInTheSnapshots() {
        var a = at("a1", "2024-05-01T10:00:00Z", "h", List.of("/y", "/x"), List.of("t2", "t1"));
        var b = at("b1", "2024-05-02T10:00:00Z", "h", List.of("/x", "/y"), List.of("t1", "t2"));
        var c = at("a2", "2024-05-03T10:00:00Z", "g", List.of("/x", "/y"), List.of());
        List<SnapshotGroup> groups = GroupBy.HOST_AND_PATHS.group(List.of(a, b, c));
        assertEquals(2, groups.size());
        assertEquals(new GroupKey("h", List.of("/x", "/y"), null), groups.get(0).key());
        assertEquals(List.of("a1", "b1"), labels(groups.get(0).snapshots()));
        assertEquals(List.of("/x", "/y"), groups.get(0).snapshots().get(0).snapshot().paths());
        // tags are sorted only when grouping by tags
        assertEquals(List.of("t2", "t1"), groups.get(0).snapshots().get(0).snapshot().tags());
    }

    @Test
    void groupingByTagsSortsTagsAndAnUntaggedGroupHasNullTags() {
        var a = at("a1", "2024-05-01T10:00:00Z", "h", List.of("/x"), List.of("t2", "t1"));
        var b = at("b1", "2024-05-02T10:00:00Z", "h", List.of("/x"), List.of());
        List<SnapshotGroup> groups = GroupBy.parse("tags").group(List.of(a, b));
        assertEquals(new GroupKey("", null, List.of("t1", "t2")), groups.get(0).key());
        assertEquals(List.of("t1", "t2"), groups.get(0).snapshots().get(0).snapshot().tags());
        assertEquals(new GroupKey("", null, null), groups.get(1).key());
        assertEquals("tags [t1, t2]", groups.get(0).key().describe());
    }

    @Test
    void describeListsHostTagsThenPathsAsResticsHeader() {
        assertEquals("host [h1], tags [a, b], paths [/stdin]",
                new GroupKey("h1", List.of("/stdin"), List.of("a", "b")).describe());
    }
}

package io.jrestic.backend.gcs;

import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** restic's {@code gs:bucket:/prefix} syntax (§20.3) and the object names under the prefix (§2.3). */
class GcsLocationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bucket:/           | bucket | ''",
            "bucket:            | bucket | ''",
            "bucket:/prefix     | bucket | prefix",
            "bucket:prefix      | bucket | prefix",
            "bucket:/a/b/       | bucket | a/b",
            "bucket://a//b/./c  | bucket | a/b/c",
            "bucket:/a/../b     | bucket | b",
            "bucket:/../a       | bucket | a",
            "bucket:/a:b        | bucket | a:b",
    })
    void parsesBucketAndCleanedPrefix(String address, String bucket, String prefix) {
        assertEquals(new GcsLocation(bucket, prefix), GcsLocation.parse(address));
    }

    @Test
    void theColonAfterTheBucketIsMandatory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GcsLocation.parse("bucket/x"));
        assertTrue(e.getMessage().contains("gs:bucket/x"), e.getMessage());
    }

    @Test
    void theBucketMustNotBeEmpty() {
        assertThrows(IllegalArgumentException.class, () -> GcsLocation.parse(":/prefix"));
    }

    @Test
    void objectNamesFollowResticsLayoutUnderThePrefix() {
        GcsLocation location = GcsLocation.parse("bucket:/repo/one");
        String id = "ab".repeat(32);
        assertEquals("repo/one/config", location.objectName(FileHandle.CONFIG));
        assertEquals("repo/one/data/ab/" + id, location.objectName(new FileHandle(FileType.PACK, id)));
        assertEquals("repo/one/keys/" + id, location.objectName(new FileHandle(FileType.KEY, id)));
        assertEquals("repo/one/snapshots/", location.directoryPrefix(FileType.SNAPSHOT));
    }

    @Test
    void anEmptyPrefixMeansTheBucketRoot() {
        GcsLocation location = GcsLocation.parse("bucket:/");
        assertEquals("config", location.objectName(FileHandle.CONFIG));
        assertEquals("index/", location.directoryPrefix(FileType.INDEX));
        assertEquals("gs:bucket:/", location.toString());
    }

    @Test
    void printsAsResticWritesIt() {
        assertEquals("gs:bucket:/a/b", GcsLocation.parse("bucket:a//b/").toString());
    }
}

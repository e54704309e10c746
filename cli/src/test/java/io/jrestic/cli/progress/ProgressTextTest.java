package io.jrestic.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** restic 0.14's progress texts (internal/ui/backup/text.go, cmd/restic/progress.go), character for character. */
class ProgressTextTest {
    @Test
    void sizesUseThreeDecimalsOfTheLargestUnitExceeded() {
        assertEquals("0 B", ProgressText.bytes(0));
        assertEquals("1024 B", ProgressText.bytes(1024)); // restic compares with >, so exactly 1 KiB stays in bytes
        assertEquals("1.001 KiB", ProgressText.bytes(1025));
        assertEquals("1.500 MiB", ProgressText.bytes(3L << 19));
        assertEquals("10.000 GiB", ProgressText.bytes(10L << 30));
        assertEquals("2.000 TiB", ProgressText.bytes(2L << 40));
    }

    @Test
    void durationsAreMinutesAndSecondsWithHoursWhenNeeded() {
        assertEquals("0:00", ProgressText.seconds(0));
        assertEquals("0:05", ProgressText.seconds(5));
        assertEquals("12:34", ProgressText.seconds(754));
        assertEquals("1:02:03", ProgressText.seconds(3723));
    }

    @Test
    void percentagesHaveTwoDecimalsAreCappedAndEmptyWithoutATotal() {
        assertEquals("45.00%", ProgressText.percent(9, 20));
        assertEquals("0.00%", ProgressText.percent(0, 20));
        assertEquals("100.00%", ProgressText.percent(30, 20));
        assertEquals("", ProgressText.percent(3, 0));
    }

    @Test
    void countersShowValueAndMaximumOrOnlyTheValue() {
        assertEquals("[0:02] 45.00%  9 / 20 packs", ProgressText.counter(2, 9, 20, "packs"));
        assertEquals("[1:00:00] 100.00%  3 / 3 files deleted", ProgressText.counter(3600, 3, 3, "files deleted"));
        assertEquals("[0:02]          9 packs", ProgressText.counter(2, 9, 0, "packs"));
    }

    @Test
    void backupStatusBeforeTheScannerCountedAnything() {
        // exactly 1 MiB is not above 1 MiB: restic shows it in KiB
        assertEquals(List.of("[0:01] 3 files, 1024.000 KiB, 0 errors"),
                ProgressText.backup(1, 3, 1 << 20, 0, 0, 0, 0, Set.of()));
    }

    @Test
    void backupStatusWithTotalsButNoEstimateYetHasNoPercentage() {
        assertEquals(List.of("[0:05] 1234 files 1.234 GiB, total 5678 files 10.000 GiB, 2 errors"),
                ProgressText.backup(5, 1234, 1325004030L, 5678, 10L << 30, 2, 0, Set.of()));
    }

    @Test
    void backupStatusWithAnEstimateShowsPercentageAndEtaThenTheFilesBeingReadSorted() {
        assertEquals(List.of("[0:05] 12.34%  1234 files 1.234 GiB, total 5678 files 10.000 GiB, 0 errors ETA 0:30",
                        "/a/first", "/b/second"),
                ProgressText.backup(5, 1234, 1325004030L, 5678, 10737418240L, 0, 30, Set.of("/b/second", "/a/first")));
    }

    @Test
    void backupStatusWhenAllBytesAreDoneDropsPercentageAndEta() {
        assertEquals(List.of("[0:09] 10 files 1.001 KiB, total 10 files 1.001 KiB, 0 errors"),
                ProgressText.backup(9, 10, 1025, 10, 1025, 0, 4, Set.of()));
    }

    @Test
    void restoreStatusIsLaterResticsLine() {
        assertEquals("[0:05] 45.00%  12 files 1.234 GiB, total 40 files 2.742 GiB",
                ProgressText.restore(5, 12, 1325004030L, 40, 2944255836L));
    }

    @Test
    void truncationCountsCellsAndNonAsciiAsTwo() {
        assertEquals("abc", ProgressText.truncate("abc", 10));
        assertEquals("abcd", ProgressText.truncate("abcdef", 4));
        assertEquals("ab", ProgressText.truncate("abé", 3));
        assertEquals("", ProgressText.truncate("abc", -1));
    }
}

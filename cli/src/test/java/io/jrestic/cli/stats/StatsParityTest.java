package io.jrestic.cli.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.interop.History;
import io.jrestic.cli.interop.Tool;
import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code jrestic stats} prints exactly what stock restic 0.14 prints, for every mode and selection, text and JSON. */
class StatsParityTest {
    static History history;

    @BeforeAll
    static void build() throws IOException {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        history = History.shared();
    }

    static Stream<String> modes() {
        return Stream.of("restore-size", "files-by-contents", "blobs-per-file", "raw-data");
    }

    /** Every mode over all snapshots. */
    @ParameterizedTest
    @MethodSource("modes")
    void sameNumbersAsResticForEveryMode(String mode) {
        assertSame(List.of("--mode", mode));
    }

    /** JSON, and selections: two IDs, "latest" with a host filter, tag filters (OR of two tag lists). */
    @Test
    void sameNumbersAsResticForEverySelection() {
        assertSame(List.of("--mode", "raw-data", "--json", history.snapshots.get(0), history.snapshots.get(2)));
        assertSame(List.of("--mode", "blobs-per-file", "--json", "latest", "--host", "other"));
        assertSame(List.of("--mode", "files-by-contents", "--tag", "second", "--tag", "first", "--json"));
    }

    private static void assertSame(List<String> flags) {
        List<String> args = new ArrayList<>(List.of("--no-lock", "stats"));
        args.addAll(flags);
        String[] a = args.toArray(String[]::new);
        Tool.Result restic = history.run(Tool.RESTIC, a).ok();
        Tool.Result jrestic = history.run(Tool.JRESTIC, a).ok();
        assertEquals(restic.out(), jrestic.out(), String.join(" ", args));
    }

    @Test
    void defaultModeIsRestoreSizeAndUnknownNamesAreWarnedAbout() {
        Tool.Result restic = history.run(Tool.RESTIC, "stats", "nonexistent", history.snapshots.getFirst().substring(0, 8));
        Tool.Result jrestic = history.run(Tool.JRESTIC, "stats", "nonexistent", history.snapshots.getFirst().substring(0, 8));
        assertEquals(restic.out(), jrestic.out());
        assertEquals(restic.err(), jrestic.err());
        assertEquals(0, jrestic.code());
    }

    @Test
    void unknownModeFailsWithResticsBareMessage() {
        Tool.Result restic = history.run(Tool.RESTIC, "stats", "--mode", "bogus");
        Tool.Result r = history.run(Tool.JRESTIC, "stats", "--mode", "bogus");
        assertEquals(1, r.code());
        assertEquals(restic.code(), r.code());
        assertEquals("unknown counting mode: bogus (use the -h flag to get a list of supported modes)\n", r.err());
        assertEquals(restic.err(), r.err());
    }
}

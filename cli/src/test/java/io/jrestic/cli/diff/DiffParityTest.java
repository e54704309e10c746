package io.jrestic.cli.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.interop.History;
import io.jrestic.cli.interop.Tool;
import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code jrestic diff} prints exactly what stock restic 0.14 prints, for every pair of snapshots and flag set. */
class DiffParityTest {
    static History history;

    @BeforeAll
    static void build() throws IOException {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        history = History.shared();
    }

    @Test
    void sameOutputAsRestic() {
        List<String> ids = history.snapshots;
        List<List<String>> cases = List.of(List.of(ids.get(0), ids.get(1)), List.of("--metadata", ids.get(0), ids.get(1)),
                List.of("--metadata", "--json", ids.get(0).substring(0, 8), ids.get(1)),
                List.of("-q", ids.get(1), ids.get(0)), List.of("--metadata", ids.get(1), ids.get(2)),
                List.of("--json", ids.get(2), ids.get(0)), List.of(ids.get(2), ids.get(2)));
        for (List<String> c : cases) {
            List<String> args = new ArrayList<>(List.of("--no-lock", "diff"));
            args.addAll(c);
            String[] a = args.toArray(String[]::new);
            Tool.Result restic = history.run(Tool.RESTIC, a).ok();
            Tool.Result jrestic = history.run(Tool.JRESTIC, a).ok();
            assertEquals(restic.out(), jrestic.out(), String.join(" ", args));
        }
        // the history has every kind of change, so the comparison above covered every marker
        String plain = history.run(Tool.JRESTIC, "diff", history.snapshots.get(0), history.snapshots.get(1)).out();
        for (String marker : List.of("+    ", "-    ", "M    ", "T    ")) {
            assertTrue(plain.contains("\n" + marker), marker + " in\n" + plain);
        }
        String metadata = history.run(Tool.JRESTIC, "diff", "--metadata", history.snapshots.get(0), history.snapshots.get(1)).out();
        assertTrue(metadata.contains("\nU    "), metadata);
    }

    @Test
    void errorsAsRestic() {
        for (String[] args : List.of(new String[] {"diff", history.snapshots.getFirst()},
                new String[] {"diff", "latest", history.snapshots.getFirst()})) {
            Tool.Result restic = history.run(Tool.RESTIC, args);
            Tool.Result jrestic = history.run(Tool.JRESTIC, args);
            assertEquals(restic.err(), jrestic.err(), String.join(" ", args));
            assertEquals(1, jrestic.code());
        }
    }
}

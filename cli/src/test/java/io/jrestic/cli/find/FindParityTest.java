package io.jrestic.cli.find;

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

/**
 * {@code jrestic find} prints exactly what stock restic 0.14 prints. Snapshots are named with {@code -s} so both
 * search them in the same order (without it restic's order depends on its parallel loading).
 */
class FindParityTest {
    static History history;
    static List<String> inOrder;

    @BeforeAll
    static void build() throws IOException {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        history = History.shared();
        inOrder = new ArrayList<>();
        for (String s : history.snapshots.reversed()) inOrder.addAll(List.of("-s", s.substring(0, 8)));
    }

    private void assertSame(List<String> flags, String... patterns) {
        List<String> args = new ArrayList<>(List.of("--no-lock", "find"));
        args.addAll(inOrder);
        args.addAll(flags);
        args.addAll(List.of(patterns));
        String[] a = args.toArray(String[]::new);
        Tool.Result restic = history.run(Tool.RESTIC, a);
        Tool.Result jrestic = history.run(Tool.JRESTIC, a);
        assertEquals(restic.code(), jrestic.code(), String.join(" ", args) + "\n" + jrestic.err());
        assertEquals(restic.out(), jrestic.out(), String.join(" ", args));
        if (restic.code() != 0) assertEquals(restic.err(), jrestic.err(), String.join(" ", args));
    }

    @Test
    void namePatterns() {
        assertSame(List.of("--long"), "a/*", "f1");
        assertSame(List.of("--json"), "**/b/*", "/a");
        assertSame(List.of("--json"), "c/*", "d");
        assertSame(List.of("-i", "--json"), "case.txt");
        assertSame(List.of("-q", "--long", "-i"), history.source + "/c", "[AB]");
        assertSame(List.of(), "!f1"); // restic drops the "!" and matches f1
    }

    @Test
    void modificationTimeBounds() {
        assertSame(List.of("--oldest", "2000-01-01", "--newest", "01.01.2999 10:00"), "a");
        assertSame(List.of("-N", "2000-12-31 23:59:59 +0100", "--json"), "a"); // nothing found: restic prints []
        assertSame(List.of("-O", "yesterday"), "a");
    }

    @Test
    void blobTreeAndPackIds() {
        List<String> data = new ArrayList<>();
        List<String> trees = new ArrayList<>();
        for (String line : history.run(Tool.RESTIC, "list", "blobs").ok().out().split("\n")) {
            String[] f = line.split(" ");
            (f[0].equals("data") ? data : trees).add(f[1]);
        }
        assertTrue(data.size() > 3 && trees.size() > 3);
        List<String> shortData = data.stream().map(id -> id.substring(0, 8)).toList();
        assertSame(List.of("--blob"), data.toArray(String[]::new));
        assertSame(List.of("--blob", "--json"), shortData.toArray(String[]::new));
        // one ID at a time: restic reports the packs in Go's random map order
        assertSame(List.of("--blob", "--show-pack-id"), shortData.get(1));
        // every tree at once: restic ends a snapshot's walk once it has found as many trees as asked for
        assertSame(List.of("--tree"), trees.toArray(String[]::new));
        assertSame(List.of("--tree", "--json", "--show-pack-id"), trees.get(0).substring(0, 8));
        String[] packs = history.run(Tool.RESTIC, "list", "packs").ok().out().split("\n");
        // a pack of data blobs (restic looks for a pack's blobs in file contents only)
        String dataPack = java.util.Arrays.stream(packs).filter(p -> !history.run(Tool.JRESTIC, "--no-lock", "find", "--json",
                "--pack", p).ok().out().equals("[]\n")).findFirst().orElseThrow();
        assertSame(List.of("--pack"), dataPack.substring(0, 8));
        assertSame(List.of("--pack"), "00000000");
    }

    @Test
    void withoutSnapshotsNamedEverySnapshotIsSearched() {
        // restic's order of snapshots is not fixed; the block of matches of each snapshot is
        Tool.Result restic = history.run(Tool.RESTIC, "find", "--json", "y").ok();
        Tool.Result jrestic = history.run(Tool.JRESTIC, "find", "--json", "y").ok();
        assertEquals(blocks(restic.out()), blocks(jrestic.out()));
        assertEquals("Fatal: wrong number of arguments\n", history.run(Tool.JRESTIC, "find").err());
    }

    private static java.util.Set<String> blocks(String json) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String b : json.strip().replaceAll("^\\[|\\]$", "").split("(?<=\"}),(?=\\{\"matches\")")) out.add(b);
        return out;
    }
}

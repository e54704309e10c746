package io.jrestic.cli.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrestic.cli.interop.History;
import io.jrestic.cli.interop.Tool;
import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sequence of {@code tag} commands run by stock restic on one copy of a repository and by jrestic on
 * another prints the same and leaves the same snapshots (tags in the same order, original and parent), which
 * stock restic reads and checks.
 */
class TagParityTest {
    @TempDir
    static Path tmp;
    static History history;

    @BeforeAll
    static void build() throws IOException {
        assumeTrue(StockRestic.installed(), "stock restic is not installed");
        history = History.shared();
    }

    @Test
    void sameOutputAndSnapshotsAsRestic() throws IOException {
        Path byRestic = history.copy(tmp.resolve("restic"));
        Path byJrestic = history.copy(tmp.resolve("jrestic"));
        String first = history.snapshots.get(0).substring(0, 8);
        List<List<String>> steps = List.of(
                List.of("--add", "a,b", "--add", "c", first),
                List.of("--remove", "a", "--tag", "t1"),       // the last tag takes a's place
                List.of("--set", "", "latest"),                 // restic 0.14 drops empty tags: no change
                List.of("--set", "x,y", "--set", "w", "--host", "other"),
                List.of("--add", "q", "zzzz", "latest", "--host", "other"), // warns about zzzz
                List.of("--remove", "x,z,first"),
                List.of("--set", "x", "--add", "y"),
                List.of());
        for (List<String> step : steps) {
            List<String> args = new ArrayList<>(List.of("tag"));
            args.addAll(step);
            Tool.Result restic = Tool.RESTIC.on(byRestic, History.PASSWORD, args.toArray(String[]::new));
            Tool.Result jrestic = Tool.JRESTIC.on(byJrestic, History.PASSWORD, args.toArray(String[]::new));
            assertEquals(restic.code(), jrestic.code(), args + "\n" + jrestic.err());
            assertEquals(restic.out(), jrestic.out(), args.toString());
            assertEquals(restic.err(), jrestic.err(), args.toString());
            if (step.contains("a,b") || step.contains("w") || step.isEmpty()) {
                assertEquals(state(byRestic), state(byJrestic), args.toString());
            }
        }
        assertTrue(state(byJrestic).contains("original"), "rewritten snapshots name their original");
        Tool.RESTIC.on(byJrestic, History.PASSWORD, "check").ok();
    }

    /** What restic reads back, per snapshot oldest first: time, tags, original and parent (IDs are random). */
    private static String state(Path repo) {
        String json = Tool.RESTIC.on(repo, History.PASSWORD, "snapshots", "--json").ok().out();
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"time\":\"([^\"]+)\"(?:,\"parent\":\"(\\w+)\")?.*?(?:\"tags\":(\\[[^]]*\\]))?(?:,\"original\":\"(\\w+)\")?,\"id\"")
                .matcher(json);
        while (m.find()) rows.add(m.group(1) + " tags=" + m.group(3) + " original=" + m.group(4) + " parent=" + m.group(2));
        rows.sort(null);
        assertEquals(3, rows.size(), json);
        return String.join("\n", rows);
    }

    @Test
    void aJresticTaggedSnapshotKeepsItsFirstOriginal() throws IOException {
        Path repo = history.copy(tmp.resolve("twice"));
        String id = history.snapshots.get(1);
        Tool.JRESTIC.on(repo, History.PASSWORD, "tag", "--add", "one", id.substring(0, 8)).ok();
        Tool.JRESTIC.on(repo, History.PASSWORD, "tag", "--add", "two", "--tag", "one").ok();
        String json = Tool.RESTIC.on(repo, History.PASSWORD, "snapshots", "--json", "--tag", "one,two").ok().out();
        assertTrue(json.contains("\"original\":\"" + id + "\""), json);
        assertTrue(!Files.exists(repo.resolve("snapshots").resolve(id)), "the old file is deleted");
    }
}

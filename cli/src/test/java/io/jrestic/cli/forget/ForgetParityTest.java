package io.jrestic.cli.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.cli.CliRun;
import io.jrestic.cli.ExitCode;
import io.jrestic.testkit.DirectoryTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jrestic forget} against stock restic 0.14 on the same repository: the kept and removed snapshots, and
 * every kept snapshot's reasons and counters, per group (group order is random in restic, so groups are compared
 * as a map by key). Where restic would empty a group, jrestic must refuse without {@code --force} and agree with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgetParityTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    static Path tmp;
    ForgetFixture fixture;

    @BeforeAll
    void createRepository() throws Exception {
        fixture = ForgetFixture.create(tmp);
    }

    private String resticJson(List<String> policy) throws Exception {
        List<String> args = new ArrayList<>(List.of("--no-lock", "forget", "--dry-run", "--json"));
        args.addAll(policy);
        ForgetFixture.Run r = ForgetFixture.restic(fixture.repo, args);
        assertEquals(0, r.exitCode(), r.err());
        return r.out();
    }

    private CliRun.Result jrestic(List<String> policy, String... extra) {
        List<String> args = new ArrayList<>(List.of("--no-lock", "forget", "--dry-run", "--json"));
        args.addAll(Arrays.asList(extra));
        args.addAll(policy);
        return fixture.cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "--keep-last 3",
            "--keep-hourly 5",
            "--keep-daily 4",
            "--keep-weekly 5",
            "--keep-monthly 6",
            "--keep-yearly 3",
            "-l 1 -d 2 -w 2 -m 2 -y 2",
            "-l 2 -H 3 -d 1 -w 1 -m 1 -y 1 --keep-within 2d --keep-within-daily 5d",
            "--keep-within 1m",
            "--keep-within 1y2m3d4h",
            "--keep-within-daily 10d --keep-within-weekly 2m",
            "--keep-within-hourly 1d --keep-within-monthly 1y --keep-within-yearly 5y",
            "--keep-tag manual",
            "--keep-tag daily --keep-tag weekly,manual --keep-last 1",
            "--keep-tag= --keep-weekly 1",
            "--keep-daily 3 --group-by host",
            "--keep-weekly 3 --group-by=",
            "--keep-monthly 2 --group-by host,tags,paths",
            "--keep-last 2 --host h2",
            "--keep-last 1 --tag daily",
            "--keep-yearly 2 --path /etc",
            "--keep-last -1",
            "--keep-within -1d --keep-monthly 1",
            "--keep-tag nonexistent",
    })
    void agreesWithRestic(String policyText) throws Exception {
        List<String> policy = List.of(policyText.split(" "));
        ForgetGroups expected = ForgetGroups.of(resticJson(policy));
        assertFalse(expected.groups().isEmpty(), "restic printed no groups");
        CliRun.Result r = jrestic(policy);
        if (expected.emptiesAGroup()) {
            assertEquals(ExitCode.FAILURE, r.exitCode(), r.out());
            assertTrue(r.err().startsWith("Fatal: refusing to delete last snapshot of snapshot group \""), r.err());
            assertEquals("", r.out());
            r = jrestic(policy, "--force");
        }
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(expected, ForgetGroups.of(r.out()));
    }

    @Test
    void oneGroupIsByteForByteResticsJson() throws Exception {
        List<String> policy = List.of("--keep-daily", "2", "--keep-monthly", "3", "--keep-within", "1m", "--host", "h1", "--path", "/etc");
        String expected = resticJson(policy);
        CliRun.Result r = jrestic(policy);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(expected, r.out());
    }

    @Test
    void textOutputIsRestics() throws Exception {
        List<String> args = List.of("--no-lock", "forget", "--dry-run", "--keep-weekly", "2", "--keep-tag", "manual", "--host", "h1", "--path", "/etc");
        ForgetFixture.Run expected = ForgetFixture.restic(fixture.repo, args);
        CliRun.Result r = fixture.cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(expected.out(), r.out());
        List<String> compact = new ArrayList<>(args);
        compact.add("--compact");
        assertEquals(ForgetFixture.restic(fixture.repo, compact).out(), fixture.cli.run(compact.toArray(String[]::new)).out());
    }

    @Test
    void deletesWhatResticDeletes() throws Exception {
        BothRuns runs = onCopies("delete", List.of("forget", "--keep-daily", "3", "--keep-weekly", "2", "--keep-yearly", "1"));
        assertTrue(runs.jrestic().out().contains(" files deleted\n"), runs.jrestic().out());
        assertEquals(ForgetFixture.snapshotFiles(runs.resticRepo()), ForgetFixture.snapshotFiles(runs.jresticRepo()));
        assertTrue(ForgetFixture.snapshotFiles(runs.jresticRepo()).size() < ForgetFixture.snapshotFiles(fixture.repo).size());
        // the exclusive lock is gone and the repository is sound: restic check takes an exclusive lock itself
        ForgetFixture.Run check = ForgetFixture.restic(runs.jresticRepo(), List.of("check"));
        assertEquals(0, check.exitCode(), check.out() + check.err());
    }

    @Test
    void forgetWithPruneAnnouncesThePruneAsRestic() throws Exception {
        // one group: restic 0.14 prints groups in Go's random map order
        BothRuns runs = onCopies("prune", List.of("forget", "--host", "h1", "--path", "/etc", "--keep-last", "2", "--prune"));
        // everything up to the prune's first step, the elapsed time of the deletion counter aside
        assertEquals(untilPrune(runs.restic().out()), untilPrune(runs.jrestic().out()));
        assertTrue(runs.jrestic().out().contains(" snapshots have been removed, running prune\n"), runs.jrestic().out());
    }

    private record BothRuns(Path resticRepo, ForgetFixture.Run restic, Path jresticRepo, CliRun.Result jrestic) {
    }

    /** Runs {@code args} with stock restic and with jrestic, each on its own copy of the fixture; both must succeed. */
    private BothRuns onCopies(String name, List<String> args) throws Exception {
        Path forRestic = tmp.resolve(name + "-restic");
        Path forJrestic = tmp.resolve(name + "-jrestic");
        DirectoryTrees.copy(fixture.repo, forRestic);
        DirectoryTrees.copy(fixture.repo, forJrestic);
        ForgetFixture.Run restic = ForgetFixture.restic(forRestic, args);
        assertEquals(0, restic.exitCode(), restic.err());
        CliRun.Result jrestic = new CliRun().env("RESTIC_PASSWORD", ForgetFixture.PASSWORD)
                .run(concat(List.of("-r", forJrestic.toString()), args));
        assertEquals(0, jrestic.exitCode(), jrestic.err());
        return new BothRuns(forRestic, restic, forJrestic, jrestic);
    }

    private static String untilPrune(String out) {
        int end = out.indexOf("loading indexes...");
        return (end < 0 ? out : out.substring(0, end)).replaceAll("\\[\\d+:\\d{2}\\]", "[t]");
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
